"""Two build processes share the work: every job is done exactly once, and a slow process does fewer."""

from __future__ import annotations

import os
import random
import time

import pytest

from site_builder.parallel import Claim, Share, can_fork, split

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")


def _taken(jobs: int, order: list[int], slow: float = 0.0, slow_first: bool = True) -> tuple[set[int], set[int]]:
    """Which jobs the parent and the child did, each claiming them in `order`."""

    def work(claim: Claim, first: bool) -> Share:
        share = Share()
        for job in order:
            if claim(job):
                share.written.append(str(job))
                if slow and first == slow_first:
                    time.sleep(slow)
        return share

    parent, child = split(work, 2, jobs)
    return {int(j) for j in parent.written}, {int(j) for j in child.written}


def test_every_job_is_done_by_exactly_one_process() -> None:
    parent, child = _taken(500, list(range(500)))
    assert parent | child == set(range(500))
    assert not parent & child


def test_jobs_claimed_out_of_order_are_still_done_once() -> None:
    order = list(range(300))
    random.Random(7).shuffle(order)
    parent, child = _taken(300, order)
    assert parent | child == set(range(300))
    assert not parent & child


@pytest.mark.parametrize("slow_first", [True, False])
def test_a_slowed_process_leaves_the_work_to_the_other(slow_first: bool) -> None:
    parent, child = _taken(60, list(range(60)), slow=0.02, slow_first=slow_first)
    slow, fast = (parent, child) if slow_first else (child, parent)
    assert len(fast) > 3 * len(slow)
    assert slow | fast == set(range(60))


def test_one_process_does_everything_without_a_fork() -> None:
    pids: list[int] = []

    def work(claim: Claim, first: bool) -> Share:
        pids.append(os.getpid())
        return Share(written=[str(n) for n in range(10) if claim(n)])

    shares = split(work, 1, 10)
    assert [s.written for s in shares] == [[str(n) for n in range(10)]] and pids == [os.getpid()]


def test_a_failing_child_is_reported() -> None:
    def work(claim: Claim, first: bool) -> Share:
        if not first:
            raise RuntimeError("disk full")
        return Share()

    with pytest.raises(Exception, match="disk full"):
        split(work, 2, 4)


@pytest.mark.parametrize("interviews", [3, 10_000, 200_000])
def test_a_journal_of_any_size_fits_the_job_pipe(interviews: int) -> None:
    from types import SimpleNamespace

    from site_builder.build import EXTRA_JOBS, _jobs
    from site_builder.pages import SINGLE_PAGES
    from site_builder.parallel import MAX_JOBS
    from site_builder.views import Names

    names = Names(interview={str(n): f"interviews/{n}.html" for n in range(interviews)})
    jobs = _jobs(SimpleNamespace(names=names))  # type: ignore[arg-type]
    assert set(jobs) == set(names.interview.values()) | set(SINGLE_PAGES)
    assert min(jobs.values()) >= EXTRA_JOBS and max(jobs.values()) < MAX_JOBS
    numbers = [jobs[path] for path in names.interview.values()]
    assert numbers == sorted(numbers)  # pages are handed out in the order they are visited
