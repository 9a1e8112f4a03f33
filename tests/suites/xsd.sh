#!/usr/bin/env bash
# The XSD itself: every good file validates, every bad file fails for its stated reason, every
# declaration is documented, with xmllint and with the product's own SAX validation path.
exec bash "$COOP_SOURCE_DIR/tests/xsd/check.sh"
