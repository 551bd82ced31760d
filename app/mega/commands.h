#pragma once

#include <string>
#include <vector>

namespace mega::cli {

/// Each command takes its arguments (after the command name) and returns the process exit code.
/// They throw mega::Error for a problem with the input and UsageError for a bad command line.
int runProbe(const std::vector<std::string>& args);
int runShots(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runMakeDemo(const std::vector<std::string>& args);
int runFeatures(const std::vector<std::string>& args);
int runImport(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runStatus(const std::vector<std::string>& args);
int runModelInfo(const std::vector<std::string>& args);
int runModels(const std::vector<std::string>& args);
int runReview(const std::vector<std::string>& args);
int runMerge(const std::vector<std::string>& args);

} // namespace mega::cli
