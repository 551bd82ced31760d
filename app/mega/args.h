#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mega::cli {

/// Thrown for a malformed command line; main() prints it with the usage and exits 2.
struct UsageError {
    std::string message;
};

/// A command's arguments: positionals, --name VALUE options and --flag switches. Unknown options
/// are errors, so a typo never silently falls back to a default.
class Args {
  public:
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    double number(const std::string& name, double fallback) const;
    int integer(const std::string& name, int fallback) const;

  private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

} // namespace mega::cli
