"""The figures the harness computes from its measurements: medians and min–max over the
rounds, the noisy mark, warm-up until steady, the split of the cores, and how a row of the
results and of the report is made of them."""
import unittest

from harness import matrix, placement, report, servers, warmup


class StatsTest(unittest.TestCase):

    def test_median_min_max_and_every_round_rounded(self):
        self.assertEqual(matrix.stats([1200.456, 980.0, 1010.5]),
                         {"median": 1010.5, "min": 980.0, "max": 1200.46, "values": [1200.46, 980.0, 1010.5]})

    def test_an_even_number_of_rounds_takes_the_mean_of_the_middle_two(self):
        self.assertEqual(matrix.stats([4.0, 1.0, 3.0, 2.0])["median"], 2.5)

    def test_no_round_measured_is_no_figure(self):
        self.assertIsNone(matrix.stats([]))
        self.assertIsNone(matrix.stats(None))


class NoisyTest(unittest.TestCase):

    def test_a_spread_over_a_tenth_of_the_median_is_noisy(self):
        self.assertTrue(matrix.noisy([1000, 1101, 1000]))   # spread 101 > 100

    def test_a_spread_of_a_tenth_exactly_is_not(self):
        self.assertFalse(matrix.noisy([1000, 1100, 1000]))  # spread 100, not more than 10%

    def test_one_round_shows_no_spread(self):
        self.assertIsNone(matrix.noisy([1000]))
        self.assertIsNone(matrix.noisy([]))

    def test_rounds_that_all_got_nothing_are_not_noisy_and_one_that_did_makes_it(self):
        self.assertFalse(matrix.noisy([0, 0, 0]))
        self.assertTrue(matrix.noisy([0, 0, 5]))


class WarmupTest(unittest.TestCase):

    def run_loads(self, rates, load_seconds, cap, min_seconds=0):
        calls = []

        def one_load(seconds):
            calls.append(seconds)
            return rates[len(calls) - 1]
        return warmup.until_steady(one_load, load_seconds, cap, min_seconds=min_seconds), calls

    def test_steady_once_two_successive_loads_agree_within_five_percent(self):
        record, calls = self.run_loads([1000, 4000, 5000, 5200, 5210, 5200], 2, 60)
        # 5000 -> 5200 is 4%: steady after the fourth load.
        self.assertEqual(record, {"seconds": 8, "loads": 4, "steady": True, "rps": [1000, 4000, 5000, 5200]})
        self.assertEqual(calls, [2, 2, 2, 2])

    def test_two_agreeing_loads_before_the_minimum_do_not_end_it(self):
        # A JIT still compiling: 2,400 -> 2,450 agree, yet the minimum of 8 s holds the warm-up on.
        record, calls = self.run_loads([750, 2400, 2450, 3300, 3350, 3360], 2, 60, min_seconds=8)
        self.assertEqual(record, {"seconds": 10, "loads": 5, "steady": True, "rps": [750, 2400, 2450, 3300, 3350]})

    def test_the_cap_wins_over_the_minimum(self):
        record, _ = self.run_loads([100, 100, 100, 100], 2, 6, min_seconds=30)
        self.assertEqual(record["loads"], 3)
        self.assertFalse(record["steady"])

    def test_five_percent_exactly_is_not_steady(self):
        self.assertFalse(warmup.steady(1000, 1050))
        self.assertFalse(warmup.steady(1000, 950))
        self.assertTrue(warmup.steady(1000, 1049.9))
        self.assertTrue(warmup.steady(1000, 950.1))

    def test_the_cap_ends_a_warm_up_that_never_settles(self):
        record, calls = self.run_loads([100 * 2 ** i for i in range(40)], 2, 9)
        # Four loads of 2 s fit in the 9 s cap, a fifth would pass it.
        self.assertEqual((record["seconds"], record["loads"], record["steady"]), (8, 4, False))
        self.assertEqual(len(calls), 4)

    def test_a_cap_shorter_than_two_loads_cannot_find_it_steady(self):
        record, _ = self.run_loads([1000, 1000], 10, 15)
        self.assertEqual((record["loads"], record["steady"]), (1, False))

    def test_a_server_that_serves_nothing_is_not_steady(self):
        record, _ = self.run_loads([0, 0, 0], 1, 3)
        self.assertEqual((record["loads"], record["steady"]), (3, False))


class PlacementTest(unittest.TestCase):

    def test_two_cores_servers_on_one_load_generator_on_the_other(self):
        self.assertEqual(placement.split_cores([0, 1]), ([0], [1]))

    def test_more_cores_give_the_load_generator_a_quarter(self):
        self.assertEqual(placement.split_cores([0, 1, 2, 3]), ([0, 1, 2], [3]))
        self.assertEqual(placement.split_cores(range(8)), ([0, 1, 2, 3, 4, 5], [6, 7]))

    def test_the_load_generator_runs_under_taskset_when_split(self):
        split = placement.Placement("split", [0, 1])
        self.assertEqual(split.load_argv(["wrk", "-c200"]), ["taskset", "-c", "1", "wrk", "-c200"])
        self.assertEqual(split.as_dict(), {"mode": "split", "serverCores": [0], "loadGeneratorCores": [1]})

    def test_shared_changes_nothing(self):
        shared = placement.Placement("shared", [0, 1])
        self.assertEqual(shared.load_argv(["wrk"]), ["wrk"])
        self.assertEqual(shared.as_dict(), {"mode": "shared", "serverCores": [0, 1], "loadGeneratorCores": [0, 1]})

    def test_one_core_cannot_be_split(self):
        with self.assertRaises(ValueError):
            placement.Placement("split", [0])
        self.assertEqual(placement.default_mode([0]), "shared")
        self.assertEqual(placement.default_mode([0, 1]), "split")


def settings(rounds=3):
    return matrix.Settings(rounds=rounds, procs_list=[1], siege_seconds=2, wrk_seconds=2, warmup_seconds=60,
                           high_connections=0, sections=["hello"], only=["go", "tomcat"],
                           placement=placement.Placement("shared", [0, 1]))


class TableResultTest(unittest.TestCase):
    """A table's rows as the results file holds them, from the values of every round."""

    def result(self, go_rps, tomcat_rps, tomcat_warmup=None):
        runner = matrix.Runner(None, settings(), servers.all_targets())
        table = matrix.Table("hello-procs-1", "/Hello/100, 1 proc", "/Hello/100", 1, 200, ["tomcat", "go"], siege=True)
        table.rows = {
            "go": {"status": "ok", "note": "GOMAXPROCS=1", "warmup": {"seconds": 4, "loads": 2, "steady": True,
                                                                       "rps": [9000.0, 9100.0], "table": table.id},
                   "values": {"wrkRps": go_rps, "siegeTps": [4000, 4100, 4050], "p99Ms": [3.0, 2.5, 9.0],
                              "errors": [0, 2, 1]}},
            "tomcat": {"status": "ok", "note": "one JVM", "warmup": tomcat_warmup,
                       "values": {"wrkRps": tomcat_rps, "siegeTps": [5000, 5000, 5000]}},
        }
        return {r["id"]: r for r in runner._table_result(table)["rows"]}

    def test_medians_min_max_noisy_and_ratios(self):
        rows = self.result([9000, 10000, 9500], [12000, 12500, 11900])
        go, tomcat = rows["go"], rows["tomcat"]
        self.assertEqual(go["wrkRps"], {"median": 9500, "min": 9000, "max": 10000, "values": [9000, 10000, 9500]})
        self.assertEqual(go["p99Ms"]["median"], 3.0)
        self.assertEqual(go["errors"], 3)
        self.assertTrue(go["noisy"])       # 1000 / 9500 = 10.5%
        self.assertFalse(tomcat["noisy"])  # 600 / 12000 = 5%
        self.assertEqual(tomcat["ratioToGo"], {"siege": round(5000 / 4050, 3), "wrk": round(12000 / 9500, 3)})
        self.assertEqual(go["warmup"]["seconds"], 4)
        self.assertIsNone(tomcat["warmup"])

    def test_one_round_is_not_judged_noisy(self):
        rows = self.result([9000], [12000])
        self.assertIsNone(rows["go"]["noisy"])

    def test_a_row_without_req_s_failed_and_is_not_judged(self):
        rows = self.result([9000, 9100, 9050], [])
        self.assertEqual(rows["tomcat"]["status"], "failed")
        self.assertIsNone(rows["tomcat"]["noisy"])
        self.assertIsNone(rows["tomcat"]["ratioToGo"])


class ReportTest(unittest.TestCase):

    def test_the_warm_up_column(self):
        titles = {"json-c200": "/json, 200 connections"}
        self.assertEqual(report.warmup_cell({"seconds": 8, "steady": True, "table": "json-c200"}, "json-c200", titles),
                         "8 s")
        self.assertEqual(report.warmup_cell({"seconds": 60, "steady": False, "table": "json-c200"}, "json-c10000",
                                            titles), "60 s, **not steady** (in /json, 200 connections)")
        self.assertEqual(report.warmup_cell(None, "json-c200", titles), "–")

    def test_the_header_states_the_placement(self):
        line = report.placement_line({"placement": {"mode": "split", "serverCores": [0], "loadGeneratorCores": [1]}})
        self.assertIn("on cpu 0; siege and wrk on cpu 1", line)
        self.assertIn("not recorded", report.placement_line({}))


if __name__ == "__main__":
    unittest.main()
