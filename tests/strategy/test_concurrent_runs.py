"""Two runs of the Strategy suggestions for one revision at once — `load_demo`'s batch and a
job worker took the same revision in the two-server deployment — both finish, and the
revision's links are those of one run (the second waits for the first's lock, then replaces
what it wrote). Real threads with their own database connections."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from planwatch.orgs.models import OrgKind, Role
from planwatch.strategy import crosswalk
from planwatch.strategy.models import Crosswalk, Source
from tests.support.factory import make_org, make_plan, make_user
from tests.support.strategy_base import make_strategy, strategy_plan_dict


class ConcurrentRunsTestCase(TransactionTestCase):
    def setUp(self) -> None:
        make_strategy()
        community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        user = make_user("coordinator", community, Role.COORDINATOR)
        self.plan = make_plan(community, doc=strategy_plan_dict(), user=user)
        self.revision = self.plan.current_revision

    def test_two_runs_at_once_both_finish_with_one_set_of_links(self):
        slow = crosswalk.carry_decisions
        both_in = threading.Barrier(2, timeout=5)
        entered = []

        def carry_slowly(revision):  # after the explicit links are written, before commit
            entered.append(time.monotonic())
            time.sleep(0.5)
            return slow(revision)

        def one_run(_):
            try:
                both_in.wait()
                return crosswalk.suggest_crosswalk(self.revision, similar=False)
            finally:
                connection.close()

        with (
            mock.patch.object(crosswalk, "carry_decisions", carry_slowly),
            ThreadPoolExecutor(2) as pool,
        ):
            runs = list(pool.map(one_run, range(2)))
        self.assertEqual(len(runs), 2)
        self.assertEqual(len(entered), 2)
        self.assertGreaterEqual(abs(entered[1] - entered[0]), 0.4)  # one after the other
        explicit = Crosswalk.objects.filter(node__revision=self.revision, source=Source.EXPLICIT)
        self.assertEqual(explicit.count(), 10)  # 2 strategic goals, 4 goals, 4 tasks; once
