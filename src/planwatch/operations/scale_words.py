"""The words of seed_scale's synthetic country: place names, titles, wording variants,
report narratives and the mix of workflow states by the age of the period."""

from planwatch.monitoring.models import Outcome, ReportState

TEMPLATES = {"village": "000-plain.docx", "city": "001-plain.docx", "oblast": "002-plain.docx"}
OBLASTS = [
    "Вінницька",
    "Волинська",
    "Дніпропетровська",
    "Донецька",
    "Житомирська",
    "Закарпатська",
    "Запорізька",
    "Івано-Франківська",
    "Київська",
    "Кіровоградська",
    "Луганська",
    "Львівська",
    "Миколаївська",
    "Одеська",
    "Полтавська",
    "Рівненська",
    "Сумська",
    "Тернопільська",
    "Харківська",
    "Херсонська",
    "Хмельницька",
    "Черкаська",
    "Чернівецька",
    "Чернігівська",
]
STEMS = [
    "Бережан",
    "Вишнев",
    "Городоц",
    "Дубрів",
    "Жовтнев",
    "Зарічан",
    "Калинів",
    "Липов",
    "Малин",
    "Новосел",
    "Озерян",
    "Підгір",
    "Ромашків",
    "Соснів",
    "Тополів",
    "Ясенів",
    "Березів",
    "Вербів",
    "Горішн",
    "Дібров",
    "Заводськ",
    "Кленов",
    "Лугов",
    "Мирнів",
    "Ольхов",
    "Піщан",
    "Рудків",
    "Світлов",
    "Троїцьк",
    "Черешнев",
]
PREFIXES = ("", "Верхньо", "Нижньо", "Ново", "Старо", "Велико", "Мало", "Красно")
SUFFIXES = (
    "",
    "",
    " з урахуванням потреб громади",
    " у межах наявних ресурсів",
    " спільно з партнерами громади",
    " із залученням громадськості",
)
TITLES = {
    "village": "План заходів з реалізації Стратегії забезпечення права кожної дитини в Україні "
    "на зростання в сімейному оточенні на {start}–{end} роки",
    "city": "План заходів з реалізації Стратегії забезпечення права кожної дитини в Україні "
    "на зростання в сімейному оточенні на {start}–{end} роки",
    "oblast": "Регіональний план заходів щодо реформування системи інституційного догляду та "
    "виховання дітей на {start}–{end} роки",
}
NARRATIVE = {
    Outcome.DONE: "Захід виконано в повному обсязі; інформацію оприлюднено на сайті ради.",
    Outcome.IN_PROGRESS: "Проведено робочі зустрічі, підготовлено проєкт порядку; робота триває.",
    Outcome.NOT_DONE: "Захід не виконано через відсутність фінансування у звітному періоді.",
    Outcome.POSTPONED: "Виконання перенесено на наступний квартал за рішенням виконкому.",
    Outcome.OBSOLETE: "Захід втратив актуальність у зв'язку зі зміною законодавства.",
}
# (weight, state, outcome) for a period that ended long ago, and for the latest ones.
OLD_MIX = [
    (60, ReportState.ACCEPTED, Outcome.IN_PROGRESS),
    (15, ReportState.ACCEPTED, Outcome.DONE),
    (3, ReportState.ACCEPTED, Outcome.NOT_DONE),
    (2, ReportState.ACCEPTED, Outcome.POSTPONED),
    (1, ReportState.ACCEPTED, Outcome.OBSOLETE),
    (4, ReportState.SUBMITTED, Outcome.IN_PROGRESS),
    (3, ReportState.RETURNED, Outcome.IN_PROGRESS),
    (2, ReportState.DRAFT, Outcome.IN_PROGRESS),
    (10, None, None),
]
RECENT_MIX = [
    (25, ReportState.ACCEPTED, Outcome.IN_PROGRESS),
    (5, ReportState.ACCEPTED, Outcome.DONE),
    (25, ReportState.SUBMITTED, Outcome.IN_PROGRESS),
    (8, ReportState.RETURNED, Outcome.IN_PROGRESS),
    (12, ReportState.DRAFT, Outcome.IN_PROGRESS),
    (25, None, None),
]
CURRENT_MIX = [(15, ReportState.DRAFT, Outcome.IN_PROGRESS), (85, None, None)]
