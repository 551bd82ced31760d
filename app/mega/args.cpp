#include "app/mega/args.h"

#include <charconv>
#include <cmath>

namespace mega::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2), val;
            const size_t eq = name.find('=');
            const bool inlineValue = eq != std::string::npos;
            if (inlineValue) {
                val = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (valueOptions.count(name)) {
                if (!inlineValue) {
                    if (i + 1 >= argv.size()) throw UsageError{"option --" + name + " needs a value"};
                    val = argv[++i];
                }
                m_values[name] = val;
            } else if (flags.count(name) && !inlineValue) {
                m_flags.insert(name);
            } else {
                throw UsageError{"unknown option --" + name};
            }
        } else if (a.size() == 2 && a[0] == '-' && valueOptions.count(a.substr(1))) { // -o FILE
            if (i + 1 >= argv.size()) throw UsageError{"option " + a + " needs a value"};
            m_values[a.substr(1)] = argv[++i];
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            throw UsageError{"unknown option " + a};
        } else {
            m_positional.push_back(a);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

double Args::number(const std::string& name, double fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    double x = 0;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc() || p != v->data() + v->size() || !std::isfinite(x))
        throw UsageError{"--" + name + " expects a number, got '" + *v + "'"};
    return x;
}

int Args::integer(const std::string& name, int fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    int x = 0;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc() || p != v->data() + v->size())
        throw UsageError{"--" + name + " expects a whole number, got '" + *v + "'"};
    return x;
}

} // namespace mega::cli
