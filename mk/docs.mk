# Documentation that runs: the package README's examples on the packed
# package, and the API reference generated from the shipped declarations.
.PHONY: test-docs api-docs

## The API reference (TypeDoc, from pkg/index.d.ts, session.d.ts, edge.d.ts and hono.d.ts)
## into target/api-docs/; open target/api-docs/index.html.
api-docs: pkg
	node_modules/.bin/typedoc --options typedoc.json

# Every code block of the npm README (pkg/README.md, as shipped) run as its
# comment says: Node blocks against the installed tarball, the worker block
# in real workerd, browser blocks type-checked against the shipped .d.ts;
# the error-code table against ERROR_CODES. Then the API reference, with
# TypeDoc's warnings as errors: a broken link, or an exported class,
# function, interface, type or method without a doc comment, fails. No
# source links (`disableSources`): they would name a git remote, which a
# fresh clone may not have, and the reference documents the declarations.
# First, docs/ARCHITECTURE.md against the tree: every path it names exists,
# every Rust item it names is declared, every link resolves.
test-docs: pkg
	node --test tests/docs/architecture-links.mjs
	node --test tests/npm/readme.mjs
	node_modules/.bin/typedoc --options typedoc.json

TEST_TARGETS += test-docs
