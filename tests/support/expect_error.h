#pragma once
// A check for the tests: `work` throws a mega::Error whose message says `says`.

#include "core/common/error.h"

#include <QString>
#include <QtTest>
#include <functional>

inline void expectError(const std::function<void()>& work, const QString& says) {
    try {
        work();
        QFAIL(qPrintable("no error; expected: " + says));
    } catch (const mega::Error& e) {
        QVERIFY2(QString(e.what()).contains(says),
                 qPrintable(QString("'%1' does not say '%2'").arg(e.what(), says)));
    }
}
