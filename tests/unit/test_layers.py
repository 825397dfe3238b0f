"""The package's shape, read from its source: data flows one way through the stages.

Each module belongs to a layer; a module may import its own layer and the layers
below it, never one above.  Also: no module over 400 lines, and no private name
(``_x``) imported from another module.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "crowdgallery"

# Lowest first.  The shared records and helpers every stage may use, then the stages in pipeline order,
# then build() (the list of stages), then the doors (commands, dev server, printing).
LAYERS = [
    {"model", "problems", "errors", "urls", "markup", "__init__"},
    {"load"},
    {"rank"},
    {"views"},
    {"plan"},
    {"render"},
    {"write"},
    {"cache"},
    {"build"},
    {"cli", "serve", "scaffold", "report", "__main__"},
]
MAX_LINES = 400


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"{module} belongs to no layer: add its top-level name to LAYERS")


def imports(path: Path, module: str):
    """(imported module, names, line) for every import of the package in a file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "crowdgallery" or target.startswith("crowdgallery."):
                yield target, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("crowdgallery"):
                    yield alias.name, [], node.lineno


def test_every_module_has_a_layer():
    for module in modules():
        layer_of(module)


def test_no_stage_imports_a_later_one():
    wrong = []
    known = modules()
    for module, path in known.items():
        mine = layer_of(module)
        for target, names, line in imports(path, module):
            # `from crowdgallery.plan import share` imports the module crowdgallery.plan.share
            targets = [f"{target}.{n}" for n in names if f"{target}.{n}" in known] or [target]
            for t in targets:
                if t != "crowdgallery" and layer_of(t) > mine:
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {t}")
    assert not wrong, "a lower stage imports a higher one:\n" + "\n".join(wrong)


def test_modules_stay_small():
    big = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_no_private_name_is_imported_from_another_module():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {n} from {target}"
             for module, path in modules().items() for target, names, line in imports(path, module)
             for n in names if n.startswith("_") and n != "__version__"]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("layer", range(len(LAYERS)))
def test_the_rule_can_fail(layer, tmp_path):
    """The checker sees an import that runs back up (so the rule above is not vacuous)."""
    higher = sorted(LAYERS[-1])[0]
    module = f"crowdgallery.{sorted(LAYERS[layer])[0]}.probe"
    probe = tmp_path / "probe.py"
    probe.write_text(f"from crowdgallery.{higher} import x\n", encoding="utf-8")
    (target, _, _), = imports(probe, module)
    assert (layer_of(target) > layer_of(module)) == (layer < len(LAYERS) - 1)
