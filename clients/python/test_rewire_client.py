"""Tests for rewire_client.

Offline tests (pure helpers and a local stub server) always run. Live tests
run against a Rewire server at env ``REWIRE_URL`` and are skipped when it is
unset::

    REWIRE_URL=http://127.0.0.1:8777 python3 -m unittest clients/python/test_rewire_client.py -v
"""

import asyncio
import json
import os
import sys
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rewire_client as rc  # noqa: E402

REWIRE_URL = os.environ.get("REWIRE_URL")
LIVE_SKIP = "REWIRE_URL is unset: live Rewire server tests skipped (set REWIRE_URL=http://127.0.0.1:8777 to run them)"

PROMPT = "What is 2+2?"
RIGHT = "<answer>4</answer>"
WRONG = "<answer>5</answer>"


def math_sample(completion, **extra):
    sample = {"prompt": PROMPT, "completion": completion, "domain": "math", "reference": "4"}
    sample.update(extra)
    return sample


def record(reward, terms):
    return {"id": "s", "prompt_id": "p", "reward": reward, "advantage": 0.0, "terms": terms,
            "rules": [], "observed": {}, "provenance": {}}


# --------------------------------------------------------------------------- offline


class OfflineHelperTest(unittest.TestCase):
    """Pure helpers; no server needed."""

    def test_reference_column_detection_order(self):
        samples = rc.build_trl_samples(
            ["p1", "p1"], ["a", "b"],
            {"answer": ["x", "x"], "ground_truth": ["g", "g"], "solution": ["s1", "s2"]})
        self.assertEqual([s["reference"] for s in samples], ["s1", "s2"])
        # The other candidates are copied as ordinary fields.
        self.assertEqual(samples[0]["ground_truth"], "g")
        self.assertEqual(samples[0]["answer"], "x")
        self.assertNotIn("solution", samples[0])

        samples = rc.build_trl_samples(["p"], ["a"], {"answer": ["42"], "reference": ["r"]})
        self.assertEqual(samples[0]["reference"], "42")

        samples = rc.build_trl_samples(["p"], ["a"], {"other": [1]})
        self.assertNotIn("reference", samples[0])

    def test_explicit_reference_column(self):
        samples = rc.build_trl_samples(["p"], ["a"], {"gold": [{"value": 4}], "solution": ["s"]},
                                       reference_column="gold")
        self.assertEqual(samples[0]["reference"], {"value": 4})
        self.assertEqual(samples[0]["solution"], "s")
        self.assertNotIn("gold", samples[0])
        with self.assertRaises(KeyError):
            rc.build_trl_samples(["p"], ["a"], {"solution": ["s"]}, reference_column="missing")

    def test_domain_sources(self):
        cols = {"domain": ["qa"], "data_source": ["openai/gsm8k"]}
        self.assertEqual(rc.build_trl_samples(["p"], ["a"], cols, domain="math")[0]["domain"], "math")
        sample = rc.build_trl_samples(["p"], ["a"], cols)[0]
        self.assertEqual(sample["domain"], "qa")
        self.assertEqual(sample["data_source"], "openai/gsm8k")
        sample = rc.build_trl_samples(["p"], ["a"], {"data_source": ["openai/gsm8k"]})[0]
        self.assertEqual(sample["domain"], "openai/gsm8k")
        self.assertNotIn("domain", rc.build_trl_samples(["p"], ["a"], {})[0])

    def test_field_copying(self):
        class Opaque:
            def __str__(self):
                return "opaque!"

        cols = {
            "solution": ["4", "4"],
            "difficulty": [3, 5],
            "meta": [{"k": [1, 2]}, {"k": []}],
            "blob": [Opaque(), Opaque()],
            "id": ["row-7", "row-7"],
            "prompt_id": ["g1", "g1"],
            "constant": "same",
            # TRL's own keyword arguments are not columns.
            "trainer_state": SimpleNamespace(global_step=1),
            "log_extra": print,
            "log_metric": print,
            "environments": [object(), object()],
        }
        samples = rc.build_trl_samples(["p", "p"], ["a", "b"], cols, completion_ids=[[1, 2, 3], [4]])
        self.assertEqual(len(samples), 2)
        first, second = samples
        self.assertEqual(first["prompt"], "p")
        self.assertEqual(second["completion"], "b")
        self.assertEqual([first["difficulty"], second["difficulty"]], [3, 5])
        self.assertEqual(first["meta"], {"k": [1, 2]})
        self.assertEqual(first["blob"], "opaque!")
        self.assertEqual(first["dataset_id"], "row-7")
        self.assertNotIn("id", first)
        self.assertEqual(first["prompt_id"], "g1")
        self.assertEqual(second["constant"], "same")
        self.assertEqual([first["completion_tokens"], second["completion_tokens"]], [3, 1])
        for key in ("trainer_state", "log_extra", "log_metric", "environments"):
            self.assertNotIn(key, first)
        json.dumps(samples)  # everything serialises

    def test_conversational_passthrough(self):
        prompt = [{"role": "user", "content": PROMPT}]
        completion = [{"role": "assistant", "content": RIGHT}]
        sample = rc.build_trl_samples([prompt], [completion], {"solution": ["4"]})[0]
        self.assertEqual(sample["prompt"], prompt)
        self.assertEqual(sample["completion"], completion)

    def test_length_mismatch(self):
        with self.assertRaises(ValueError):
            rc.build_trl_samples(["p"], ["a", "b"], {})

    def test_trainer_step(self):
        self.assertEqual(rc.trainer_step(SimpleNamespace(global_step=3)), 3)
        self.assertIsNone(rc.trainer_step(None))
        self.assertIsNone(rc.trainer_step(SimpleNamespace()))

    def test_reward_none_rule(self):
        scored = record(0.75, {"exact_match": {"value": 1.0, "weight": 1.0},
                               "format": {"weight": 0.5, "abstained": "no format rule"}})
        abstained = record(0.0, {"exact_match": {"weight": 1.0, "abstained": "no reference"},
                                 "format": {"weight": 0.5, "abstained": "no format rule"}})
        empty = record(0.0, {})
        self.assertEqual(rc.reward_from_record(scored), 0.75)
        self.assertIsNone(rc.reward_from_record(abstained))
        self.assertIsNone(rc.reward_from_record(empty))
        self.assertIsNone(rc.reward_from_record(None))
        self.assertEqual(rc.rewards_from_records([scored, None, abstained]), [0.75, None, None])

    def test_term_metrics_and_columns(self):
        records = [
            record(1.0, {"exact_match": {"value": 1.0, "weight": 1.0}}),
            record(0.0, {"exact_match": {"value": 0.0, "weight": 1.0}}),
            record(0.0, {"exact_match": {"weight": 1.0, "abstained": "no reference"},
                         "judge": {"weight": 1.0, "abstained": "off"}}),
            None,
        ]
        metrics = rc.term_metrics(records)
        self.assertEqual(metrics["rewire/exact_match/mean"], 0.5)
        self.assertAlmostEqual(metrics["rewire/exact_match/abstain_rate"], 1 / 3)
        self.assertNotIn("rewire/judge/mean", metrics)
        self.assertEqual(metrics["rewire/judge/abstain_rate"], 1.0)
        columns = rc.term_columns(records)
        self.assertEqual(columns["rewire/exact_match"], [1.0, 0.0, None, None])
        self.assertEqual(columns["rewire/judge"], [None, None, None, None])

    def test_verl_helpers(self):
        sample = rc.build_verl_sample("math", RIGHT, "4", {"question": PROMPT, "index": 7})
        self.assertEqual(sample, {"prompt": PROMPT, "completion": RIGHT, "reference": "4",
                                  "data_source": "math", "extra_info": {"question": PROMPT, "index": 7}})
        self.assertEqual(rc.build_verl_sample("m", "c", "g", {"prompt": "pp"})["prompt"], "pp")
        self.assertEqual(rc.build_verl_sample("m", "c", "g")["prompt"], "")
        self.assertEqual(rc.build_verl_sample("m", "c", "g", domain="math")["domain"], "math")
        rec = record(0.5, {"exact_match": {"value": 1.0, "weight": 1.0},
                           "judge": {"weight": 1.0, "abstained": "off"}})
        self.assertEqual(rc.verl_result(rec), {"score": 0.5, "exact_match": 1.0})
        with self.assertRaises(rc.RewireError):
            rc.verl_result(None, "confidence out of range")
        self.assertEqual(rc.verl_result(None, "x", rejected_score=0.0), {"score": 0.0})
        # with the server's fixed log_terms every sample has the same keys (veRL reads sample 0's)
        self.assertEqual(rc.verl_result(rec, log_terms=["exact_match", "format"]),
                         {"score": 0.5, "exact_match": 1.0, "format": 0.0})
        self.assertEqual(rc.verl_result(None, "x", rejected_score=0.0, log_terms=["exact_match"]),
                         {"score": 0.0, "exact_match": 0.0})

    def test_trl_function_shape(self):
        f = rc.trl_reward_function(url="http://127.0.0.1:1", name="my_reward")
        self.assertEqual(f.__name__, "my_reward")
        self.assertTrue(asyncio.iscoroutinefunction(f))


class _StubHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._reply(200 if self.path == "/ready" else 404, {})

    def do_POST(self):
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server.requests.append({"headers": dict(self.headers), "body": body})
        status, reply = server.script.pop(0) if server.script else (200, None)
        if reply is None:  # score every sample: reward 1 for "<answer>4</answer>"
            records = []
            for sample in body["samples"]:
                completion = sample["completion"]
                if isinstance(completion, list):
                    completion = completion[-1]["content"]
                value = 1.0 if completion == RIGHT else 0.0
                records.append(record(value, {"exact_match": {"value": value, "weight": 1.0}}))
            reply = {"records": records, "rejected": [], "policy": "0" * 64}
        self._reply(status, reply)


class OfflineStubServerTest(unittest.TestCase):
    """Client error handling and the TRL path against a local stub server."""

    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _StubHandler)
        cls.server.script, cls.server.requests = [], []
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        self.server.script.clear()
        self.server.requests.clear()
        self.client = rc.RewireClient(self.url, token="t0k", timeout=5, retries=2, backoff=0.01)

    def test_ready_and_headers(self):
        self.assertTrue(self.client.ready())
        self.assertFalse(rc.RewireClient("http://127.0.0.1:1", timeout=1).ready())
        out = self.client.score([math_sample(RIGHT)], step=9)
        self.assertEqual(out["records"][0]["reward"], 1.0)
        request = self.server.requests[0]
        self.assertEqual(request["body"]["step"], 9)
        self.assertEqual(request["headers"]["Authorization"], "Bearer t0k")
        self.assertEqual(request["headers"]["X-Rewire-Step"], "9")

    def test_retry_on_5xx(self):
        self.server.script[:] = [(500, {"error": "boom"}), (503, {"error": "starting"})]
        out = self.client.score([math_sample(RIGHT)])
        self.assertEqual(len(out["records"]), 1)
        self.assertEqual(len(self.server.requests), 3)

    def test_retries_exhausted(self):
        self.server.script[:] = [(502, {"error": "bad gateway"})] * 3
        with self.assertRaises(rc.RewireError) as ctx:
            self.client.score([math_sample(RIGHT)])
        self.assertEqual(ctx.exception.status, 502)
        self.assertEqual(ctx.exception.error, "bad gateway")

    def test_blocked(self):
        self.server.script[:] = [(503, {"error": "blocked", "blocked": {"rule": "canary", "reason": "drift"}})]
        with self.assertRaises(rc.RewireBlocked) as ctx:
            self.client.score([math_sample(RIGHT)])
        self.assertEqual((ctx.exception.rule, ctx.exception.reason, ctx.exception.status), ("canary", "drift", 503))
        self.assertEqual(len(self.server.requests), 1)

    def test_client_errors_not_retried(self):
        for status in (400, 401, 413):
            self.server.requests.clear()
            self.server.script[:] = [(status, {"error": "nope %d" % status})]
            with self.assertRaises(rc.RewireError) as ctx:
                self.client.score([math_sample(RIGHT)])
            self.assertNotIsInstance(ctx.exception, rc.RewireBlocked)
            self.assertEqual(ctx.exception.status, status)
            self.assertEqual(ctx.exception.error, "nope %d" % status)
            self.assertIn("nope", str(ctx.exception))
            self.assertEqual(len(self.server.requests), 1)

    def test_connection_error(self):
        client = rc.RewireClient("http://127.0.0.1:1", timeout=1, retries=1, backoff=0.01)
        with self.assertRaises(rc.RewireError) as ctx:
            client.score([math_sample(RIGHT)])
        self.assertIsNone(ctx.exception.status)

    def test_trl_function_with_stub(self):
        metrics, extra = {}, {}
        f = rc.trl_reward_function(url=self.url, domain="math")
        rewards = asyncio.run(f(
            prompts=[PROMPT, PROMPT], completions=[RIGHT, WRONG], completion_ids=[[1], [2]],
            trainer_state=SimpleNamespace(global_step=3),
            log_extra=extra.__setitem__, log_metric=metrics.__setitem__, solution=["4", "4"]))
        self.assertEqual(rewards, [1.0, 0.0])
        self.assertEqual(metrics, {"rewire/exact_match/mean": 0.5, "rewire/exact_match/abstain_rate": 0.0})
        self.assertEqual(extra, {"rewire/exact_match": [1.0, 0.0]})
        request = self.server.requests[0]
        self.assertEqual(request["body"]["step"], 3)
        self.assertEqual(request["body"]["samples"][0]["reference"], "4")
        self.assertEqual(request["body"]["samples"][0]["domain"], "math")

    def test_group_size_is_sent_by_trl_and_verl(self):
        f = rc.trl_reward_function(url=self.url, domain="math", group_size=8)
        asyncio.run(f(prompts=[PROMPT], completions=[RIGHT], trainer_state=None))
        self.assertEqual(self.server.requests[-1]["body"]["group_size"], 8)
        rc.compute_score_batch(["math"], [RIGHT], ["4"], [{"index": 3, "split": "train"}], url=self.url, group_size=4)
        body = self.server.requests[-1]["body"]
        self.assertEqual(body["group_size"], 4)
        self.assertEqual(body["samples"][0]["extra_info"], {"index": 3, "split": "train"}, "the row is the group key")
        rc.compute_score("math", RIGHT, "4", None, url=self.url)
        self.assertNotIn("group_size", self.server.requests[-1]["body"], "not declared: not sent")

    def test_verl_with_stub(self):
        self.assertEqual(rc.compute_score("math", RIGHT, "4", {"question": PROMPT}, url=self.url),
                         {"score": 1.0, "exact_match": 1.0})
        out = rc.compute_score_batch(["math", "math"], [RIGHT, WRONG], ["4", "4"], [None, None], url=self.url)
        self.assertEqual(out, [{"score": 1.0, "exact_match": 1.0}, {"score": 0.0, "exact_match": 0.0}])


# --------------------------------------------------------------------------- live


class _LiveBase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = rc.RewireClient(REWIRE_URL, token=os.environ.get("REWIRE_TOKEN") or None)
        deadline = time.time() + 30
        while not cls.client.ready():
            if time.time() > deadline:
                raise RuntimeError("Rewire at %s is not ready (GET /ready did not answer 200 within 30 s)"
                                   % REWIRE_URL)
            time.sleep(0.5)


@unittest.skipUnless(REWIRE_URL, LIVE_SKIP)
class LiveClientTest(_LiveBase):
    def test_ready(self):
        self.assertTrue(self.client.ready())

    def test_score_right_beats_wrong(self):
        out = self.client.score([math_sample(RIGHT), math_sample(WRONG)], step=1)
        self.assertIn("policy", out)
        right, wrong = out["records"]
        self.assertGreater(right["reward"], wrong["reward"])
        self.assertEqual(right["terms"]["exact_match"]["value"], 1.0)
        self.assertEqual(wrong["terms"]["exact_match"]["value"], 0.0)
        self.assertEqual(right["prompt_id"], wrong["prompt_id"])  # same prompt text, same group
        self.assertEqual(out["rejected"], [])

    def test_rejected_sample_alignment(self):
        samples = [math_sample(RIGHT), math_sample(RIGHT, confidence=1.7), math_sample(WRONG)]
        out = self.client.score(samples)
        records = out["records"]
        self.assertEqual(len(records), 3)
        self.assertIsNone(records[1])
        self.assertIsNotNone(records[0])
        self.assertIsNotNone(records[2])
        self.assertEqual(records[0]["terms"]["exact_match"]["value"], 1.0)
        self.assertEqual(records[2]["terms"]["exact_match"]["value"], 0.0)
        self.assertEqual(len(out["rejected"]), 1)
        self.assertEqual(out["rejected"][0]["index"], 1)
        self.assertIn("confidence", out["rejected"][0]["error"])


@unittest.skipUnless(REWIRE_URL, LIVE_SKIP)
class LiveTrlTest(_LiveBase):
    def test_trl_plain(self):
        metrics, extra = {}, {}
        f = rc.trl_reward_function(domain="math")
        rewards = asyncio.run(f(
            prompts=[PROMPT, PROMPT], completions=[RIGHT, WRONG],
            trainer_state=SimpleNamespace(global_step=3),
            log_extra=extra.__setitem__, log_metric=metrics.__setitem__,
            solution=["4", "4"]))
        self.assertEqual(len(rewards), 2)
        self.assertTrue(all(isinstance(r, float) for r in rewards), rewards)
        self.assertGreater(rewards[0], rewards[1])
        self.assertEqual(metrics["rewire/exact_match/mean"], 0.5)
        self.assertEqual(extra["rewire/exact_match"], [1.0, 0.0])

    def test_trl_conversational(self):
        f = rc.trl_reward_function(name="rewire_chat")
        prompt = [{"role": "user", "content": PROMPT}]
        rewards = asyncio.run(f(
            prompts=[prompt, prompt],
            completions=[[{"role": "assistant", "content": RIGHT}], [{"role": "assistant", "content": WRONG}]],
            trainer_state=SimpleNamespace(global_step=3),
            domain=["math", "math"], answer=["4", "4"]))
        self.assertEqual(len(rewards), 2)
        self.assertIsInstance(rewards[0], float)
        self.assertGreater(rewards[0], rewards[1])


@unittest.skipUnless(REWIRE_URL, LIVE_SKIP)
class LiveVerlTest(_LiveBase):
    def test_compute_score(self):
        out = rc.compute_score("math", RIGHT, "4", {"question": PROMPT})
        self.assertIn("score", out)
        self.assertIsInstance(out["score"], float)
        self.assertEqual(out["exact_match"], 1.0)

    def test_compute_score_batch(self):
        out = rc.compute_score_batch(["math", "math"], [RIGHT, WRONG], ["4", "4"],
                                     [{"question": PROMPT}, {"question": PROMPT}])
        self.assertEqual(len(out), 2)
        self.assertTrue(all(isinstance(d, dict) and "score" in d for d in out))
        self.assertEqual(out[0]["exact_match"], 1.0)
        self.assertEqual(out[1]["exact_match"], 0.0)
        self.assertGreater(out[0]["score"], out[1]["score"])


if __name__ == "__main__":
    unittest.main()
