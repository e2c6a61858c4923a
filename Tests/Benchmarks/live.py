#!/usr/bin/env python3
"""The live measurements of the benchmark (Tests/Benchmarks/run.sh): a real follower process
and real writer processes, timed from outside with the monotonic clock.

  live.py latency BIN DB SENDS   p50 and p99 (ms) from `message send` exiting to its line on a follower
  live.py idle BIN DB SECONDS    the highest CPU use (% of one core) of idle --follow commands
  live.py keepup BIN DB CSV      a follower during a bulk send: lines, the bulk's time, the follower's time

Each prints one line of numbers for run.sh to put in its table.
"""
import os
import signal
import subprocess
import sys
import threading
import time


class Follower:
    """A --follow command whose stdout lines are read as they come, each with its arrival time."""

    def __init__(self, arguments, environment):
        self.process = subprocess.Popen(arguments, env=environment, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = []  # (monotonic seconds, line)
        self.arrived = threading.Condition()
        self.errors = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_errors, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            now = time.monotonic()
            with self.arrived:
                self.lines.append((now, line))
                self.arrived.notify_all()

    def _drain_errors(self):
        self.errors = self.process.stderr.read()

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.lines) < count and time.monotonic() < deadline:
                self.arrived.wait(max(0.0, deadline - time.monotonic()))
            return len(self.lines) >= count

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=30)
        if status != 0:
            sys.exit(f"a follower ended with {status}: {self.errors.decode(errors='replace')}")


def environment(database):
    return dict(os.environ, CAMPAIGNCHAT_DB=database)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency(binary, database, sends):
    env = environment(database)
    follower = Follower([binary, "events", "--follow", "--after", "now"], env)
    time.sleep(0.5)
    latencies = []
    for number in range(1, int(sends) + 1):
        subprocess.run([binary, "message", "send", "bench", "c00001", f"latency probe {number}", "-q"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        exited = time.monotonic()
        if not follower.wait_for(number, 10):
            sys.exit(f"send {number}: no line on the follower within 10 s")
        arrived = follower.lines[number - 1][0]
        # The line may be read before the parent has seen the sender exit: that is no delay at all.
        latencies.append(max(0.0, arrived - exited) * 1000)
    follower.stop()
    print(f"{percentile(latencies, 0.5):.2f} {percentile(latencies, 0.99):.2f} {max(latencies):.2f}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle(binary, database, seconds):
    env = environment(database)
    commands = [["events", "--follow", "--after", "now"], ["thread", "read", "bench", "c00001", "--follow"],
                ["unread", "list", "--follow"], ["push", "deliver", "--follow", "--exec", "cat >/dev/null"]]
    followers = [Follower([binary] + command, env) for command in commands]
    time.sleep(1)
    before = [cpu_seconds(f.process.pid) for f in followers]
    start = time.monotonic()
    time.sleep(float(seconds))
    spent = [cpu_seconds(f.process.pid) - b for f, b in zip(followers, before)]
    wall = time.monotonic() - start
    for follower in followers:
        follower.stop()
    print(f"{max(spent) / wall * 100:.3f} {sum(spent):.3f}")


def keepup(binary, database, csv):
    env = environment(database)
    follower = Follower([binary, "events", "--follow", "--after", "now"], env)
    time.sleep(0.5)
    rows = sum(1 for _ in open(csv)) - 1
    start = time.monotonic()
    subprocess.run([binary, "message", "send", "bench", "--bulk", csv, "--template",
                    "Hi {name}, your {carrier} tracking number is {tracking}.", "-q"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    bulk = time.monotonic() - start
    follower.wait_for(rows, 120)
    followed = follower.lines[-1][0] - start if follower.lines else float("inf")
    follower.stop()
    sent = sum(1 for _, line in follower.lines if b'"event":"message_sent"' in line)
    print(f"{sent} {rows} {bulk * 1000:.2f} {followed * 1000:.2f}")


if __name__ == "__main__":
    {"latency": latency, "idle": idle, "keepup": keepup}[sys.argv[1]](*sys.argv[2:])
