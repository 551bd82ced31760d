#include "core/common/error.h"

namespace mega {

std::string fileError(std::string_view path, std::string_view message) {
    std::string s;
    s.reserve(path.size() + message.size() + 4);
    s += '\'';
    s += path;
    s += "': ";
    s += message;
    return s;
}

} // namespace mega
