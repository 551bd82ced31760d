#include "core/film/film.h"

#include "core/common/error.h"

namespace mega::film {

const char* toString(ReviewStatus s) {
    switch (s) {
    case ReviewStatus::Unreviewed:
        return "unreviewed";
    case ReviewStatus::Accepted:
        return "accepted";
    case ReviewStatus::Rejected:
        return "rejected";
    case ReviewStatus::Edited:
        return "edited";
    }
    return "unreviewed";
}

const char* toString(UnitKind u) {
    switch (u) {
    case UnitKind::Shot:
        return "shot";
    case UnitKind::Scene:
        return "scene";
    case UnitKind::Sentence:
        return "sentence";
    }
    return "shot";
}

ReviewStatus reviewStatusFromString(const std::string& s) {
    for (auto v :
         {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected, ReviewStatus::Edited})
        if (s == toString(v)) return v;
    throw Error("unknown review status '" + s + "'");
}

UnitKind unitKindFromString(const std::string& s) {
    for (auto v : {UnitKind::Shot, UnitKind::Scene, UnitKind::Sentence})
        if (s == toString(v)) return v;
    throw Error("unknown unit '" + s + "' (expected shot, scene or sentence)");
}

} // namespace mega::film
