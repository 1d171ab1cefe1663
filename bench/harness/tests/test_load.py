"""wrk's figures as the harness reads them: from the JSON line of bench/lua/summary.lua in
wrk's recorded output (data/wrk-*.txt: wrk 4.1.0's whole output of real runs with that
script, its text and the JSON line)."""
import os
import unittest

from harness import load

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def recorded(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


class ParseWrkTest(unittest.TestCase):

    def test_a_clean_run_is_its_requests_over_its_duration(self):
        # wrk -t2 -c200 -d1s against the Go peer's /Hello/100: wrk's own text says 24946.09 req/s.
        figures = load.parse_wrk(recorded("wrk-clean.txt"))
        self.assertEqual(figures["requests"], 25334)
        self.assertAlmostEqual(figures["rps"], 25334 / 1.015550, places=6)
        self.assertAlmostEqual(figures["rps"], 24946.09, places=1)
        self.assertEqual(figures["errors"], 0)
        self.assertAlmostEqual(figures["p50Ms"], 7.905)
        self.assertAlmostEqual(figures["p99Ms"], 20.027)
        self.assertAlmostEqual(figures["maxMs"], 32.297)

    def test_shed_and_late_answers_are_errors_not_requests_served(self):
        # wrk --timeout 1s against a server that answers every 4th request 503 and every 50th
        # after 1.5 s: 616 answers in 2.10 s, 152 of them 503s, 2 after the timeout. wrk's
        # text says 293.24 req/s, counting them all.
        figures = load.parse_wrk(recorded("wrk-shed.txt"))
        self.assertAlmostEqual(figures["rps"], (616 - 152 - 2) / 2.100664, places=6)
        self.assertEqual(figures["errors"], 152 + 2)
        self.assertEqual(figures["requests"], 616)
        self.assertAlmostEqual(figures["p50Ms"], 43.96)
        self.assertAlmostEqual(figures["p99Ms"], 661.485)

    def test_socket_errors_count_as_errors_but_their_answers_were_never_counted(self):
        text = ('{"wrk":"summary","requests":1000,"durationUs":2000000,"bytes":1,"errors":{"connect":3,"read":2,'
                '"write":1,"timeout":0,"status":0},"latencyUs":{"p50":1500,"p99":9000,"max":12000}}\n')
        figures = load.parse_wrk(text)
        self.assertEqual(figures["errors"], 6)
        self.assertAlmostEqual(figures["rps"], 500.0)

    def test_the_text_alone_is_not_read(self):
        text = recorded("wrk-clean.txt")
        without_json = "\n".join(line for line in text.splitlines() if not line.startswith("{"))
        with self.assertRaises(load.LoadError):
            load.parse_wrk(without_json)

    def test_a_summary_without_a_figure_is_a_load_error(self):
        with self.assertRaises(load.LoadError):
            load.parse_wrk('{"wrk":"summary","requests":10}\n')


if __name__ == "__main__":
    unittest.main()
