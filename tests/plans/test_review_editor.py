"""The review page as a structure editor: details, headings, moves, unplaced text, undo."""

from planwatch.importer.walk import iter_nodes, measures_with_headings
from planwatch.plans import document as docs
from planwatch.plans.models import DraftChange, DraftStatus, Plan
from tests.support.base import BaseTestCase
from tests.support.factory import make_draft, make_plan_dict


def shape(doc: dict) -> list:
    return [
        (n["uid"], depth, [m["uid"] for m in n["measures"]])
        for n, depth, _p in iter_nodes(doc["nodes"])
    ]


class EditorTestCase(BaseTestCase):
    def setUp(self):
        doc = make_plan_dict(4, title="План громади")
        doc["unplaced"] = [{"text": "Примітка поза таблицею", "line": 31}]
        self.draft = make_draft(self.community, doc, user=self.coordinator)
        self.client.force_login(self.coordinator)

    def url(self, tail: str = "") -> str:
        return f"/plans/import/{self.draft.pk}/{tail}"

    def doc(self) -> dict:
        self.draft.refresh_from_db()
        return self.draft.document

    def errors(self, response) -> list[str]:
        return [str(m) for m in response.context["messages"] if m.level_tag == "error"]

    def test_the_plan_details_are_edited(self):
        self.client.post(
            self.url("details/"),
            {
                "title": "  План   заходів громади ",
                "issuer": "Альфівська сільська рада",
                "approval_date": "2025-06-01",
                "approval_number": "12",
                "period_start": "2025",
                "period_end": "2027",
            },
        )
        doc = self.doc()
        self.assertEqual(doc["title"], "План заходів громади")
        self.assertEqual(doc["issuer"], "Альфівська сільська рада")
        self.assertEqual((doc["approval"]["date"], doc["approval"]["number"]), ("2025-06-01", "12"))
        self.assertEqual(doc["period"], {"start": 2025, "end": 2027})

    def test_bad_details_are_refused_next_to_their_fields(self):
        response = self.client.post(
            self.url("details/"), {"title": " ", "period_start": "2027", "period_end": "2025"}
        )
        self.assertEqual(set(response.context["form"].errors), {"title", "period_end"})
        self.assertContains(response, "Плану потрібна назва")
        self.assertEqual(self.doc()["title"], "План громади")

    def test_a_plan_without_a_title_is_not_published_under_its_file_name(self):
        doc = self.doc()
        doc["title"] = ""
        self.draft.document = doc
        self.draft.save()
        page = self.client.get(self.url())
        self.assertContains(page, 'id="needs-title"')
        response = self.client.post(self.url("publish/"), follow=True)
        self.assertTrue(self.errors(response))
        self.assertFalse(Plan.objects.filter(title="plan.txt").exists())
        self.client.post(self.url("details/"), {"title": "Назва з рук"})
        self.client.post(self.url("publish/"))
        self.assertTrue(Plan.objects.filter(title="Назва з рук").exists())
        self.assertFalse(DraftChange.objects.filter(draft=self.draft).exists())  # history gone

    def test_a_lost_heading_level_is_repaired_and_published(self):
        self.client.post(
            self.url("m/m2/to-heading/"),
            {"kind": "operational_goal", "placement": "nested", "take_following": "on"},
        )
        new = shape(self.doc())[2][0]
        self.assertEqual(
            shape(self.doc()), [("n1", 0, []), ("n2", 1, ["m1"]), (new, 2, ["m3", "m4"])]
        )
        self.client.post(self.url("m/m4/step/"), {"direction": "-1"})
        self.client.post(
            self.url(f"h/{new}/edit/"),
            {"kind": "task", "number": "1.2", "title": "Нове", "parent": "n1"},
        )
        self.assertEqual(shape(self.doc())[2], (new, 1, ["m4", "m3"]))
        self.client.post(self.url("publish/"))
        plan = Plan.objects.get(title="План громади")
        heading = plan.current_revision.nodes.get(title="Нове")
        self.assertEqual((heading.kind, heading.number, heading.depth), ("task", "1.2", 1))
        texts = list(heading.measures.order_by("position").values_list("number", flat=True))
        self.assertEqual(texts, ["4)", "3)"])
        self.assertEqual(plan.current_revision.measures.count(), 3)

    def test_headings_are_added_made_measures_and_removed(self):
        self.client.post(
            self.url("headings/add/"),
            {"kind": "task", "number": "1.2", "title": "Друге", "parent": "n1"},
        )
        added = shape(self.doc())[2][0]
        self.client.post(self.url(f"h/{added}/to-measure/"))
        made = shape(self.doc())[1][2][-1]
        self.assertEqual(docs.find_measure(self.doc(), made)[0]["text"], "Друге")
        self.client.post(self.url("h/n2/delete/"))
        self.assertEqual(shape(self.doc()), [("n1", 0, ["m1", "m2", "m3", "m4", made])])

    def test_an_added_heading_is_moved_up_to_where_it_belongs(self):
        self.client.post(
            self.url("headings/add/"), {"kind": "task", "title": "Перше", "parent": "n1"}
        )
        added = shape(self.doc())[2][0]
        self.client.post(self.url(f"h/{added}/step/"), {"direction": "-1"})
        self.assertEqual([row[0] for row in shape(self.doc())], ["n1", added, "n2"])
        response = self.client.post(self.url(f"h/{added}/step/"), {"direction": "-1"}, follow=True)
        self.assertEqual(
            self.errors(response), ["Заголовок уже перший або останній на своєму рівні."]
        )

    def test_a_refused_edit_says_why_and_changes_nothing(self):
        before = self.doc()
        response = self.client.post(self.url("h/n1/to-measure/"), follow=True)
        self.assertEqual(len(self.errors(response)), 1)
        self.assertEqual(self.doc(), before)
        self.assertFalse(DraftChange.objects.filter(draft=self.draft).exists())

    def test_unplaced_text_is_shown_with_its_place_and_placed(self):
        page = self.client.get(self.url())
        self.assertContains(page, "Примітка поза таблицею")
        self.assertContains(page, 'id="unplaced-0"')
        self.client.post(self.url("unplaced/"), {"index": "0", "node": "n1"})
        doc = self.doc()
        self.assertEqual(doc["unplaced"], [])
        self.assertEqual(doc["nodes"][0]["measures"][0]["text"], "Примітка поза таблицею")

    def test_every_change_is_undone_newest_first(self):
        original = self.doc()
        self.client.post(self.url("m/m1/edit/"), {"text": "виправлено", "number": "1)"})
        self.client.post(self.url("m/m3/step/"), {"direction": "1"})
        self.client.post(self.url("details/"), {"title": "Інша назва"})
        self.assertEqual(self.draft.changes.count(), 3)
        page = self.client.get(self.url())
        self.assertContains(page, "Інша назва")
        self.assertContains(page, 'id="undo"')
        self.client.post(self.url("undo/"))
        self.assertEqual(self.doc()["title"], "План громади")
        self.assertEqual(shape(self.doc())[1][2], ["m1", "m2", "m4", "m3"])
        self.client.post(self.url("undo/"))
        self.client.post(self.url("undo/"))
        self.assertEqual(self.doc(), original)
        response = self.client.post(self.url("undo/"), follow=True)
        self.assertEqual(len(self.errors(response)), 1)

    def test_an_undone_mapping_comes_back(self):
        suggested = self.draft.executor_map
        self.client.post(self.url("executors/"), {"org_0": "new"})
        self.draft.refresh_from_db()
        self.assertEqual(list(self.draft.executor_map.values()), ["new"])
        self.client.post(self.url("undo/"))
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.executor_map, suggested)

    def test_coded_warnings_are_shown_in_the_readers_language(self):
        doc = self.doc()
        doc["warnings"] = [
            {
                "line": 7,
                "code": "heading_number_incomplete",
                "params": {"number": "1."},
                "message": "heading number '1.' looks incomplete; kept as printed",
            },
            {"message": "без коду"},
        ]
        doc["nodes"][0]["children"][0]["measures"][0]["warnings"] = [
            {"code": "cells_without_measure", "params": {}, "message": "cells with no measure"},
            "heading number '2.' looks incomplete; kept as printed",  # a plain string
        ]
        self.draft.document = doc
        self.draft.save()
        page = self.client.get(self.url())
        self.assertContains(page, "номер заголовка «1.» виглядає неповним")
        self.assertContains(page, "клітинки без тексту заходу; приєднано до заходу вище")
        self.assertContains(page, "номер заголовка «2.» виглядає неповним")
        self.assertNotContains(page, "looks incomplete")
        self.assertContains(page, "без коду")

    def test_another_communitys_coordinator_gets_404_everywhere(self):
        self.client.force_login(self.outsider)
        before = self.doc()
        posts = {
            "details/": {"title": "Чуже"},
            "headings/add/": {"title": "Чуже", "parent": ""},
            "h/n2/edit/": {"title": "Чуже", "parent": ""},
            "h/n2/delete/": {},
            "h/n2/to-measure/": {},
            "h/n2/step/": {"direction": "1"},
            "m/m2/to-heading/": {"placement": "nested"},
            "m/m2/step/": {"direction": "-1"},
            "unplaced/": {"index": "0", "node": "n1"},
            "columns/": {"col_0": "measure"},
            "undo/": {},
        }
        for tail, data in posts.items():
            self.assertEqual(self.client.post(self.url(tail), data).status_code, 404, tail)
        for tail in ("details/", "headings/add/", "h/n2/edit/", "m/m2/to-heading/"):
            self.assertEqual(self.client.get(self.url(tail)).status_code, 404, tail)
        self.assertEqual(self.doc(), before)
        self.assertEqual(self.draft.status, DraftStatus.PENDING)
        self.assertFalse(DraftChange.objects.filter(draft=self.draft).exists())


class ColumnRolesTestCase(BaseTestCase):
    """The stored file read again with the roles a person chose for its columns."""

    HEADER = ["Завдання", "Захід", "Строк виконання", "Виконавці", "Примітка"]
    ROWS = [
        ["1.1 Підтримка сімей", "1) консультування батьків", "2025 рік", "служба", "2026 рік"],
        ["", "2) тренінги для батьків", "2025 рік", "служба", "2027 рік"],
    ]

    def setUp(self):
        from planwatch.plans.imports import create_draft
        from tests.importer.test_layout_variants import docx_bytes

        data = docx_bytes(self.HEADER, self.ROWS)
        self.draft = create_draft(data, "plan.docx", self.community, self.coordinator)
        self.client.force_login(self.coordinator)
        self.url = f"/plans/import/{self.draft.pk}/"

    def deadlines(self) -> list[str]:
        self.draft.refresh_from_db()
        return [m["deadline"]["text"] for m, _n in measures_with_headings(self.draft.document)]

    def test_a_misread_column_is_given_its_role_and_the_file_read_again(self):
        page = self.client.get(self.url)
        self.assertContains(page, 'id="columns"')
        self.assertContains(page, "Примітка")  # the extra column is shown on the measure
        self.assertEqual(self.deadlines(), ["2025 рік", "2025 рік"])
        self.client.post(self.url + "details/", {"title": "Назва з рук"})
        roles = {"col_0": "task", "col_1": "measure", "col_3": "executors", "col_4": "deadline"}
        self.client.post(self.url + "columns/", roles)
        self.assertEqual(self.deadlines(), ["2026 рік", "2027 рік"])
        self.assertEqual(self.draft.document["title"], "Назва з рук")  # details survive
        self.assertEqual(self.draft.document["source_columns"][4]["role"], "deadline")
        self.client.post(self.url + "undo/")
        self.assertEqual(self.deadlines(), ["2025 рік", "2025 рік"])

    def test_an_unknown_role_is_refused_and_nothing_changes(self):
        before = self.deadlines()
        response = self.client.post(self.url + "columns/", {"col_4": "when"}, follow=True)
        errors = [m for m in response.context["messages"] if m.level_tag == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(self.deadlines(), before)
        self.assertFalse(DraftChange.objects.filter(draft=self.draft).exists())


class HeadinglessTableTestCase(BaseTestCase):
    def test_a_table_without_headings_is_reviewed_and_published_whole(self):
        from planwatch.plans.imports import create_draft
        from tests.importer.test_layout_variants import docx_bytes

        rows = [["1) захід без заголовка", "2025 рік", "служба"], ["2) другий", "2026 рік", ""]]
        data = docx_bytes(["Захід", "Строк виконання", "Виконавці"], rows)
        draft = create_draft(data, "plan.docx", self.community, self.coordinator)
        self.client.force_login(self.coordinator)
        url = f"/plans/import/{draft.pk}/"
        page = self.client.get(url)
        self.assertContains(page, "Заходи без заголовка")
        self.assertContains(page, "захід без заголовка")
        self.client.post(url + "details/", {"title": "План без рубрик"})
        self.client.post(url + "publish/")
        draft.refresh_from_db()
        self.assertEqual(draft.published_revision.measures.count(), 2)
