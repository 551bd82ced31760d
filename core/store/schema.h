#pragma once
// Private to core/store: the schema and its forward migrations.

#include <string_view>
#include <vector>

namespace mega::store::detail {

/// PRAGMA application_id of a MEGA Studio project: 'MEGA'.
constexpr int kApplicationId = 0x4D454741;

/// migrations()[v] takes a project from schema version v to v + 1 (version 0 = empty file).
const std::vector<std::string_view>& migrations();

} // namespace mega::store::detail
