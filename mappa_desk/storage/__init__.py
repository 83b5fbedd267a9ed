"""Storage: the one SQLCipher connection, migrations, audit triggers and repositories."""
