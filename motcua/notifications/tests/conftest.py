from motcua.documents.tests.conftest import small_tree  # noqa: F401 - shared fixture
