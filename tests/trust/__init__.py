"""Trust tests: security, privacy, reliability and accessibility proven by attacking the service.

Run with the rest of the suite (``./scripts/test.sh``; ``./scripts/test.sh tests/trust`` alone).
Figures (cases run, throughput, percentiles, invariants) are printed in the session summary.

| file | what it attacks | bound in CI | on demand |
|---|---|---|---|
| test_access_matrix.py | every page and API operation x 9 personas; other organisations' records | all endpoints | ``TRUST_DISCOVER=FILE`` writes the observed matrix |
| test_audit.py | reads/changes of children, referrals, carers write audit entries | all ``audited=True`` rules | |
| test_schemathesis.py | the OpenAPI schema, 3 personas | ``FUZZ_EXAMPLES=10`` per operation | ``FUZZ_EXAMPLES=500``, ``FUZZ_PERSONAS=...`` |
| test_file_fuzz.py | SSDA903 and household uploads | 1,100 files | ``FILE_FUZZ_EXAMPLES=20000`` |
| test_load.py (PostgreSQL) | concurrent search/shortlist/hold/release/confirm | 8 clients, 20 s | ``LOAD_SECONDS``, ``LOAD_CLIENTS``; bench/load_test.py |
| test_faults.py (PostgreSQL) | the database connection killed mid-hold and mid-import | | |
| test_accessibility.py (browser) | axe-core on each role's main pages | | |
| test_passwords.py | weak passwords | | |

Access rules live in fostering/core/access.py.
"""
