"""A quick password hasher for the test process only.

Django's PBKDF2 runs 1,000,000 iterations (~0.25 s of CPU here) for every user made and every
`client.login`: thousands of times per suite. This one is the same algorithm with few
iterations, so its hashes still verify in any planwatch process (servers started by tests read
the iteration count from the hash).
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
