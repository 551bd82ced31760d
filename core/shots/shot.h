#pragma once
// The shot is one of the film's words (core/film); shots:: keeps its name for the detectors' callers.

#include "core/film/shot.h"

namespace mega::shots {

using film::Shot;

} // namespace mega::shots
