#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mega {

/// An error a user can act on: the message names the file (or object) and the problem.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Thrown when long work is stopped through its std::stop_token.
class Cancelled : public Error {
  public:
    Cancelled() : Error("cancelled") {}
};

/// Progress of long work: `done` of `total` units (total may be an estimate, or 0 if unknown).
struct Progress {
    int64_t done = 0;
    int64_t total = 0;
    std::string_view stage;
};

/// Called from the worker thread; must be cheap (it may be called once per frame).
using ProgressFn = std::function<void(const Progress&)>;

/// "'path': message" — the one format every file error uses.
std::string fileError(std::string_view path, std::string_view message);

} // namespace mega
