"""`lib.urls.each_url`: one `reverse` for many ids gives what `reverse` gives for each."""

from django.test import SimpleTestCase
from django.urls import reverse

from planwatch.lib.urls import each_url


class EachUrlTestCase(SimpleTestCase):
    def test_it_is_reverse_for_every_id(self):
        for name, args in (
            ("public:measure", [7]),
            ("plans:measure", [12345]),
            ("plans:measure", [1]),
        ):
            pattern = each_url(name, *args)
            for pk in (1, 9, 10, 2_147_483_646, 12345):
                with self.subTest(name=name, pk=pk):
                    self.assertEqual(pattern.format(pk), reverse(name, args=[*args, pk]))

    def test_the_plans_own_id_is_not_taken_for_the_place_of_the_measures(self):
        pattern = each_url("plans:measure", 2_147_483_64)
        self.assertEqual(pattern.format(5), reverse("plans:measure", args=[2_147_483_64, 5]))
