"""Tests for rewire_term_host.py (python3 -m unittest test_rewire_term_host.py)."""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

import rewire_term_host as host

HERE = os.path.dirname(os.path.abspath(__file__))


def sample(i, completion, reference=None, **fields):
    return {"id": "s%d" % i, "prompt_id": "p", "domain": "math", "source": "dataset", "prompt": "q%d" % i,
            "completion": completion, "reference": reference, "completion_tokens": None, "step": None,
            "fields": fields}


class OutcomeTest(unittest.TestCase):

    def test_numbers_become_floats(self):
        self.assertEqual((1.0, None, None), host.to_outcome(True, allow_dict=False))
        self.assertEqual((3.0, None, None), host.to_outcome(3, allow_dict=False))
        self.assertEqual((-0.5, None, None), host.to_outcome(-0.5, allow_dict=False))

    def test_missing_values_abstain_with_a_reason(self):
        self.assertEqual((None, "function returned None", None), host.to_outcome(None, allow_dict=False))
        self.assertEqual((None, "function returned NaN", None), host.to_outcome(float("nan"), allow_dict=False))
        self.assertEqual((None, "function returned -inf", None), host.to_outcome(float("-inf"), allow_dict=False))
        self.assertEqual((None, "function returned str, not a number", None), host.to_outcome("1", allow_dict=False))

    def test_a_verl_dict_gives_its_score_and_numeric_extras(self):
        self.assertEqual((0.5, None, {"acc": 1.0}), host.to_outcome({"score": 0.5, "acc": 1, "pred": "x"}, True))
        self.assertEqual((None, "function returned a dict without 'score'", None), host.to_outcome({"acc": 1}, True))
        self.assertEqual((None, "function returned dict, not a number", None), host.to_outcome({"score": 1}, False))


class RewardFunctionTest(unittest.TestCase):

    def test_trl_gets_the_batch_with_columns_and_the_reference_under_its_name(self):
        seen = {}

        def f(prompts, completions, solution, data_source, **kwargs):
            seen.update(prompts=prompts, solution=solution, data_source=data_source)
            return [1.0 if c == s else 0.0 for c, s in zip(completions, solution)]

        reward = host.RewardFunction(f, "trl", reference_column="solution")
        out = reward.score([sample(0, "4", "4", data_source="gsm8k"), sample(1, "5", "4")])
        self.assertEqual([1.0, 0.0], out["values"])
        self.assertEqual([None, None], out["reasons"])
        self.assertEqual(["q0", "q1"], seen["prompts"])
        self.assertEqual(["4", "4"], seen["solution"])
        self.assertEqual(["gsm8k", None], seen["data_source"])

    def test_trl_conversational_passes_messages(self):
        reward = host.RewardFunction(lambda prompts, completions, **kw: [len(c[0]["content"]) for c in completions],
                                     "trl", conversational=True)
        self.assertEqual([3.0], reward.score([sample(0, "abc")])["values"])

    def test_a_trl_exception_or_wrong_length_fails_the_batch(self):
        def boom(prompts, completions, **kw):
            raise ValueError("bad input")

        error = host.RewardFunction(boom, "trl").score([sample(0, "a")])["error"]
        self.assertTrue(error.startswith("error: ValueError: bad input (test_rewire_term_host.py:"), error)
        short = host.RewardFunction(lambda prompts, completions, **kw: [1.0], "trl").score([sample(0, "a"), sample(1, "b")])
        self.assertEqual({"error": "function returned 1 values for 2 samples"}, short)

    def test_async_trl_functions_are_awaited(self):
        async def f(prompts, completions, **kw):
            return [0.25 for _ in completions]

        self.assertEqual([0.25, 0.25], host.RewardFunction(f, "trl").score([sample(0, "a"), sample(1, "b")])["values"])

    def test_verl_is_called_per_sample_and_a_failure_stays_with_its_sample(self):
        def compute_score(data_source, solution_str, ground_truth, extra_info=None):
            if solution_str == "raise":
                raise ZeroDivisionError("division by zero")
            return {"score": 1.0 if solution_str == ground_truth else 0.0, "source_is_" + data_source: 1.0,
                    "id_len": len(extra_info["id"])}

        out = host.RewardFunction(compute_score, "verl").score(
            [sample(0, "4", "4", data_source="gsm8k"), sample(1, "raise", "4")])
        self.assertEqual([1.0, None], out["values"])
        self.assertIsNone(out["reasons"][0])
        self.assertTrue(out["reasons"][1].startswith("error: ZeroDivisionError: division by zero ("), out["reasons"][1])
        self.assertEqual([{"source_is_gsm8k": 1.0, "id_len": 2.0}, None], out["diagnostics"])

    def test_async_verl_functions_run_per_sample(self):
        async def compute_score(data_source, solution_str, ground_truth, extra_info=None):
            return None if solution_str == "" else 2.0

        out = host.RewardFunction(compute_score, "verl").score([sample(0, "x"), sample(1, "")])
        self.assertEqual([2.0, None], out["values"])
        self.assertEqual([None, "function returned None"], out["reasons"])


class ProcessTest(unittest.TestCase):
    """The script as Rewire runs it: handshake, requests, responses, stdout kept for the protocol."""

    def test_handshake_and_one_batch_over_pipes(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reward.py")
            source = b"def f(prompts, completions, **kw):\n    print('noise')\n    return [len(c) for c in completions]\n"
            with open(path, "wb") as f:
                f.write(source)
            p = subprocess.Popen([sys.executable, "-u", os.path.join(HERE, "rewire_term_host.py"), "--file", path,
                                  "--function", "f", "--kind", "trl"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            request = json.dumps({"batch": [sample(0, "abcd"), sample(1, "")]}) + "\n"
            out, err = p.communicate(request.encode("utf-8"), timeout=60)
            lines = out.decode("utf-8").splitlines()
            self.assertEqual(0, p.returncode, err)
            handshake = json.loads(lines[0])
            self.assertEqual({"protocol": "rewire-term/1", "function": "f", "kind": "trl", "file": path,
                              "sha256": hashlib.sha256(source).hexdigest()},
                             {k: v for k, v in handshake.items() if k != "python"})
            self.assertEqual({"values": [4.0, 0.0], "reasons": [None, None], "diagnostics": [None, None]},
                             json.loads(lines[1]))
            self.assertEqual(2, len(lines))
            self.assertIn("noise", err.decode("utf-8"))

    def test_a_file_that_does_not_load_is_reported_in_the_handshake(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "broken.py")
            with open(path, "w") as f:
                f.write("def f(:\n")
            p = subprocess.run([sys.executable, os.path.join(HERE, "rewire_term_host.py"), "--file", path,
                                "--function", "f", "--kind", "verl"], capture_output=True, timeout=60)
            self.assertEqual(2, p.returncode)
            handshake = json.loads(p.stdout.decode("utf-8"))
            self.assertTrue(handshake["error"].startswith("cannot load broken.py: error: SyntaxError: "), handshake)


if __name__ == "__main__":
    unittest.main()
