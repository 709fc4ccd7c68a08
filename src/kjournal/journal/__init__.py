"""The journal on disk: the only package that opens journal files. Atomic writes, the entry
format and its front matter, the cache, the store with its drafts and lock, edits and doctor."""
