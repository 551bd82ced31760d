#pragma once
// Where a boundary or a turning point came from, as the store keeps it: "model:<version>",
// "person:<name>" or "import:<format>". Read and written here only, never by string prefix.

#include <string>
#include <string_view>

namespace mega::film {

struct Source {
    enum class Kind { Model, Person, Import, Unknown };
    Kind kind = Kind::Unknown;
    /// The model's version, the person's name or the import's format; for Unknown, the whole string.
    std::string name;

    /// Any string: one without a known "kind:" prefix is Unknown (and str() gives it back unchanged).
    static Source parse(std::string_view text);
    static Source model(std::string version);
    static Source person(std::string name);
    static Source import(std::string format);

    /// The stored form; parse(s).str() == s for every s.
    std::string str() const;
    bool isModel() const { return kind == Kind::Model; }
    bool isPerson() const { return kind == Kind::Person; }
    bool isImport() const { return kind == Kind::Import; }

    bool operator==(const Source&) const = default;
};

} // namespace mega::film
