# SPDX-License-Identifier: EUPL-1.2
"""timed_unittest.py — `python3 -m unittest` (same arguments) that ends with
the time each test file took, fixtures included, slowest first: run.sh
splits the files between parallel stacks on these times (shard_times.tsv),
and a slow file is named without reading the whole log."""

import collections
import sys
import time
import unittest

HERE = sys.path[0]  # tests/integration: the test files import dk from here


class TimedResult(unittest.TextTestResult):
    per_file = collections.Counter()
    last_stop = None

    def startTest(self, test):
        if TimedResult.last_stop is None:
            TimedResult.last_stop = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        # From the end of the previous test: a class's or module's set-up counts.
        now = time.monotonic()
        TimedResult.per_file[test.id().split(".")[0]] += now - TimedResult.last_stop
        TimedResult.last_stop = now
        super().stopTest(test)


class TimedRunner(unittest.TextTestRunner):
    resultclass = TimedResult

    def run(self, test):
        result = super().run(test)
        self.stream.writeln("time per test file (s):")
        for name, secs in TimedResult.per_file.most_common():
            self.stream.writeln("  %-28s %6.1f" % (name, secs))
        return result


if __name__ == "__main__":
    unittest.main(module=None, testRunner=TimedRunner, argv=["run.sh"] + sys.argv[1:])
