"""Launch to first frame of ``cpx play``, measured in fresh processes.

Each sample spawns a new Python process (so imports are paid as a user pays them) that
runs ``cpx play`` on the flagship scenario from its command line on (``cpx.cli.main``:
the parser, the play command, the real app headless: the briefing read straight from
the file, the exercise opened behind it), and reports,
against the parent's clock at spawn time, when the first frame was rendered (the
briefing, readable), and when the exercise was ready behind it (scenario loaded and
checked, world built: Enter opens the command post at once). Then it presses Enter on
the briefing, as the trainee does, and reports how long the command post took to be
drawn, ready and readable (its styles load then, its panels are filled from the
exercise's first events), in wall and CPU seconds. Median of N samples.

    python benchmarks/ui_startup.py [--samples 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "glass_lantern.yaml"


def child(spawned_at: float) -> None:
    """Run ``cpx play`` headless; print seconds since spawn of the first frame and briefing."""
    import tempfile

    import cpx.cli
    import cpx.tui.app

    marks: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def drawn() -> None:
        marks.setdefault("first_frame", time.time())
        # CPU seconds of the whole process so far: what the launch costs whatever the
        # machine's load (wall time on a shared machine mostly measures waiting)
        cpu.setdefault("first_frame_cpu", time.process_time())

    def time_the_command_post() -> None:
        """Mark when the command post is drawn: its module is imported by now (the
        exercise's opening imports it behind the briefing), not before the first frame."""
        import cpx.tui.screens.command_post as module

        class TimedCommandPost(module.CommandPostScreen):
            def on_mount(self) -> None:
                # Runs before CommandPostScreen.on_mount (handlers run down the MRO),
                # which fills the panels; the mark is taken once that has been drawn.
                self.call_after_refresh(self.opened)

            def opened(self) -> None:
                marks["command_post"] = time.time()
                cpu["command_post_cpu"] = time.process_time()
                self.app.exit()

        module.CommandPostScreen = TimedCommandPost  # as the app imports it on Enter

    class TimedApp(cpx.tui.app.PlayApp):
        def on_mount(self) -> None:
            # Textual calls PlayApp.on_mount after this one by itself (handlers run down
            # the MRO): calling super() here too would open the briefing twice. Scheduled
            # before the app's own on_mount schedules the exercise's opening on a
            # worker, so the mark is not taken after that thread's work.
            self.call_after_refresh(drawn)

        def run(self, **_options) -> None:
            super().run(headless=True, size=(80, 24))

        def _exercise_ready(self, session) -> None:
            super()._exercise_ready(session)

            def shown() -> None:
                from cpx.tui.screens.briefing import BriefingScreen

                if isinstance(self.screen, BriefingScreen):
                    marks.setdefault("briefing", marks["first_frame"])
                marks["ready"] = time.time()
                time_the_command_post()
                # The trainee has read the briefing: Enter, through the app's key handling.
                marks["enter"] = time.time()
                cpu["enter_cpu"] = time.process_time()
                self.simulate_key("enter")

            self.call_after_refresh(shown)

    # `cpx play` itself, from its command line on: the parser, the play command, the app
    # (headless, timed); the journal goes to a scratch directory
    cpx.tui.app.PlayApp = TimedApp
    with tempfile.TemporaryDirectory() as scratch:
        cpx.cli.main(["play", str(SCENARIO), "--journal", str(Path(scratch) / "j.jsonl")])
    print(json.dumps({**{k: v - spawned_at for k, v in marks.items()}, **cpu}))


def measure(samples: int) -> dict[str, float]:
    """Median seconds from spawn to first frame and to the briefing."""
    runs = []
    for _ in range(samples):
        spawned = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", repr(spawned)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        # `cpx play` prints where the journal went: the figures are the last JSON line
        runs.append(json.loads([line for line in out.stdout.splitlines()
                                if line.startswith("{")][-1]))
    return {
        "first_frame_s": round(statistics.median(r["first_frame"] for r in runs), 3),
        "briefing_s": round(statistics.median(r["briefing"] for r in runs), 3),
        "ready_s": round(statistics.median(r["ready"] for r in runs), 3),
        "briefing_cpu_s": round(statistics.median(r["first_frame_cpu"] for r in runs), 3),
        "enter_to_command_post_s": round(statistics.median(
            r["command_post"] - r["enter"] for r in runs), 3),
        "enter_to_command_post_cpu_s": round(statistics.median(
            r["command_post_cpu"] - r["enter_cpu"] for r in runs), 3),
        "samples": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    result = measure(args.samples)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"launch to first frame: {result['first_frame_s']:.3f} s")
        print(f"launch to briefing:    {result['briefing_s']:.3f} s (aim < 1 s; "
              f"median of {result['samples']})")
        print(f"exercise ready behind: {result['ready_s']:.3f} s")
        print(f"CPU to briefing:       {result['briefing_cpu_s']:.3f} s (process CPU time, "
              "all threads; what the launch costs on a machine shared with other work)")
        print(f"Enter to command post: {result['enter_to_command_post_s']:.3f} s (aim ≤ 0.5 s; "
              "from Enter on the briefing to the command post drawn, ready and readable)")
        print(f"CPU Enter to command post: {result['enter_to_command_post_cpu_s']:.3f} s")


if __name__ == "__main__":
    main()
