"""The build cache: Incremental builds: skip the work whose inputs did not change, and prove it.

Three layers, each safe on its own:

1. **Output files** (``write.Staging``): a file whose bytes equal the previous
   output's is linked, not rewritten; its mtime stays.  Every feature that
   writes through Staging gets this.
2. **Votes and tallies** (``VoteCache``): reading and tallying a million votes
   is the slowest stage.  Its result is cached under
   the cache folder's ``build/`` (see write/cachedir.py) keyed by the SHA-256 of every vote file's
   bytes and by everything else the tally reads (each submission's campaign and
   ``duplicate_of``, each campaign's voting and scale, drafts left out, tally
   rows from mapped exports).  Same key, same result: the tally is a pure
   function of exactly these.
3. **Pages** (``PageCache``): a page is rendered again only if something it
   *read* changed.  While a page renders, the Jinja environment records every
   top-level variable it resolves and every attribute or item it reads from a
   gallery object (an entry, a campaign, a designer, a tag, a record, the site
   settings, a page).  A value is snapshotted in full, except that gallery
   objects inside it are kept as references (``("E", "retro-sunset")``), whose
   own attributes are recorded when read.  On the next build each recorded read
   is replayed on the new gallery; a page is reused when every read gives the
   same snapshot, its template files and the theme options are unchanged
   and its previous output file is untouched (same inode, size and mtime).
   Reads the recorder cannot follow (a method of a gallery object, an object
   too deep to snapshot) mark the page as always rendered.

Before all three, ``InputsCache`` (inputs.py) stops a build whose every input file, option,
version and output file is as the last build left them.  ``Memory`` (memory.py) holds the
entries of layers 2 and 3 between ``serve``'s rebuilds instead of the cache folder.

``--no-cache`` skips layers 2 and 3 (and the fingerprint: reading and writing the cache); layer 1 is
a comparison of output bytes and always on.
"""
