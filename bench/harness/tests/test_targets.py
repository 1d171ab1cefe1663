"""Issue 13's targets (report.TARGETS) computed from a recorded results file: run
20261201-191728 (bench/run, 2 rounds), trimmed to the rows the targets read
(data/results-20261201-191728-trimmed.json)."""
import copy
import json
import os
import unittest

from harness import report

DATA = os.path.join(os.path.dirname(__file__), "data")


def recorded():
    with open(os.path.join(DATA, "results-20261201-191728-trimmed.json")) as f:
        return json.load(f)


def by_id(results):
    return {t["id"]: t for t in report.targets(results)}


class TargetsTest(unittest.TestCase):

    def setUp(self):
        self.results = recorded()
        self.targets = by_id(self.results)

    def test_every_target_once_in_the_order_of_the_issue(self):
        self.assertEqual([t["id"] for t in report.targets(self.results)], [t["id"] for t in report.TARGETS])

    def test_a_ratio_is_of_the_medians_and_its_min_max_of_the_rounds_own_ratios(self):
        read = self.targets["users-read-rps"]
        # Tomcat 2,721.51 and 2,951.69 req/s, Gin 5,423.61 and 4,341.18: medians 2,836.6 / 4,882.395.
        self.assertEqual(read["measured"], {"median": 0.581, "min": 0.502, "max": 0.68})
        self.assertEqual((read["table"], read["row"], read["reference"]), ("users-read", "tomcat", "gin-users"))
        self.assertEqual(read["status"], "missed")
        self.assertEqual(read["target"], "≥ 1.2×")

    def test_p99_at_most_gins_is_a_ratio_at_most_one(self):
        p99 = self.targets["users-read-p99"]
        self.assertEqual(p99["measured"]["median"], 2.008)   # 139.24 ms against 69.35 ms
        self.assertEqual(p99["status"], "missed")

    def test_the_hello_targets_read_the_table_of_the_runs_json_procs(self):
        self.assertEqual(self.targets["hello-vs-go"]["table"], "hello-procs-2")
        self.assertEqual(self.targets["hello-vs-go"]["measured"]["median"], 1.111)
        self.assertEqual(self.targets["hello-vs-go"]["status"], "missed")
        self.assertEqual(self.targets["hello-vs-raw"]["measured"]["median"], 0.908)
        self.assertEqual(self.targets["hello-vs-raw"]["status"], "met")     # at least 0.85x

    def test_a_value_target_has_the_rows_own_median_and_min_max(self):
        p99 = self.targets["cluster-p99"]
        self.assertEqual(p99["measured"], {"median": 62.27, "min": 60.61, "max": 63.94})
        self.assertEqual(p99["status"], "missed")

    def test_rss_is_the_largest_jvm_of_any_java_row_at_200_connections_in_mb(self):
        rss = self.targets["rss"]
        self.assertEqual((rss["table"], rss["row"]), ("users-mix", "tomcat"))
        self.assertEqual(rss["measured"], {"median": 195.1, "min": 188.8, "max": 201.3})   # 180.07 to 191.94 MiB
        self.assertEqual(rss["status"], "missed")

    def test_errors_at_many_connections_count_every_java_row_of_json_read_and_list(self):
        errors = self.targets["high-connections-errors"]
        self.assertEqual(errors["measured"]["median"], 13 + 414 + 591)   # nginx -> Tomcat; Tomcat direct had none
        self.assertEqual(errors["status"], "missed")
        self.assertIn("nginx → Tomcat ×N (TCP) in /json, 10000 connections: 13", errors["detail"])

    def test_no_errors_is_met(self):
        for t in self.results["tables"]:
            for r in t["rows"]:
                r["errors"] = 0
        self.assertEqual(by_id(self.results)["high-connections-errors"]["status"], "met")

    def test_a_missing_table_or_row_is_not_measured(self):
        results = copy.deepcopy(self.results)
        results["tables"] = [t for t in results["tables"] if t["id"] != "json-c200"]
        for t in results["tables"]:
            t["rows"] = [r for r in t["rows"] if r["id"] != "gin-users"]
        found = by_id(results)
        for tid in ("json-vs-go", "users-read-rps", "users-read-p99", "users-list-rps"):
            self.assertEqual(found[tid]["status"], "not measured", tid)
            self.assertIsNone(found[tid]["measured"])
        results["tables"] = [t for t in results["tables"] if t["connections"] == 200]
        self.assertEqual(by_id(results)["high-connections-errors"]["status"], "not measured")

    def test_a_failed_row_is_not_measured_and_a_failed_java_row_at_many_connections_misses(self):
        results = copy.deepcopy(self.results)
        for t in results["tables"]:
            for r in t["rows"]:
                r["errors"] = 0
                if r["id"] == "go" and t["id"] == "json-c200" or r["id"] == "tomcat" and t["id"] == "json-c10000":
                    r["status"] = "failed"
        found = by_id(results)
        self.assertEqual(found["json-vs-go"]["status"], "not measured")
        self.assertEqual(found["high-connections-errors"]["status"], "missed")
        self.assertIn("Tomcat 11 (direct) in /json, 10000 connections: failed", found["high-connections-errors"]["detail"])

    def test_every_java_server_up_counts_the_failed_java_rows_of_the_many_connections_tables(self):
        self.assertEqual(self.targets["high-connections-up"]["measured"]["median"], 0)
        self.assertEqual(self.targets["high-connections-up"]["status"], "met")
        results = copy.deepcopy(self.results)
        for t in results["tables"]:
            for r in t["rows"]:
                if r["id"] == "tomcat" and t["id"] == "users-read-c10000":
                    r["status"], r["reason"] = "failed", "1 of the server's 2 processes exited during round 2"
                if r["id"] == "gin-users" and t["id"] == "users-list-c10000":
                    r["status"] = "failed"   # not a Java row
        up = by_id(results)["high-connections-up"]
        self.assertEqual(up["measured"]["median"], 1)
        self.assertEqual(up["status"], "missed")
        self.assertIn("processes exited during round 2", up["detail"])

    def test_the_report_shows_each_target_with_its_status(self):
        lines = report.targets_lines(dict(self.results, targets=report.targets(self.results)))
        self.assertIn("## Targets (issue 13)", lines)
        read = next(x for x in lines if x.startswith("| GET /users/{id} with a token, Tomcat direct: at least"))
        self.assertIn("| 0.58× (0.50–0.68); 2,836.6 / 4,882.4 | ≥ 1.2× | users-read | **missed** |", read)
        raw = next(x for x in lines if "plain servlet" in x)
        self.assertTrue(raw.endswith("| met |"), raw)


if __name__ == "__main__":
    unittest.main()
