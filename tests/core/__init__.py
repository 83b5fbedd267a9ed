"""Tests of the core as a whole (it imports no Qt, holds SQL in storage, leaks nothing, works offline, writes
outputs only where asked) and of mappa_desk's top-level modules (spelling, files, paths). The tests of each of
its packages are in the folder of that name: tests/storage for mappa_desk/storage, and so on."""
