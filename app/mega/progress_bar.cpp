#include "app/mega/progress_bar.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace mega::cli {

ProgressBar::ProgressBar(bool quiet)
    : m_enabled(!quiet && isatty(STDERR_FILENO)), m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
    done();
}

void ProgressBar::update(const Progress& p) {
    if (!m_enabled) return;
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(100) && p.done < p.total) return;
    m_lastDraw = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(p.done) / seconds : 0.0;
    constexpr int width = 30;
    const double frac =
        p.total > 0 ? std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total)) : 0.0;
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(width - filled), '.');
    std::fprintf(stderr, "\r%.*s [%s] %3d%% %lld/%lld  %.0f/s ", static_cast<int>(p.stage.size()),
                 p.stage.data(), bar.c_str(), static_cast<int>(frac * 100), static_cast<long long>(p.done),
                 static_cast<long long>(p.total), rate);
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressBar::done() {
    if (m_enabled && m_drawn) {
        std::fputs("\r\033[K", stderr); // clear the line
        std::fflush(stderr);
    }
    m_drawn = false;
}

ProgressFn ProgressBar::callback() {
    if (!m_enabled) return {};
    return [this](const Progress& p) { update(p); };
}

} // namespace mega::cli
