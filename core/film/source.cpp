#include "core/film/source.h"

#include <utility>

namespace mega::film {

namespace {
struct Prefix {
    Source::Kind kind;
    std::string_view text;
};
constexpr Prefix kPrefixes[] = {
    {Source::Kind::Model, "model:"}, {Source::Kind::Person, "person:"}, {Source::Kind::Import, "import:"}};
} // namespace

Source Source::parse(std::string_view text) {
    for (const auto& p : kPrefixes)
        if (text.starts_with(p.text)) return {p.kind, std::string(text.substr(p.text.size()))};
    return {Kind::Unknown, std::string(text)};
}

Source Source::model(std::string version) {
    return {Kind::Model, std::move(version)};
}
Source Source::person(std::string name) {
    return {Kind::Person, std::move(name)};
}
Source Source::import(std::string format) {
    return {Kind::Import, std::move(format)};
}

std::string Source::str() const {
    for (const auto& p : kPrefixes)
        if (p.kind == kind) return std::string(p.text) + name;
    return name;
}

} // namespace mega::film
