"""The 修订对照 misses nothing: generated from the JSON Schema (built from the validator's own key
tables), every field of every element kind is changed in turn in a document that uses them all,
and the diff must report each change."""
import copy
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from PIL import Image

from briefing.diff import compare
from briefing.errors import ContentError
from briefing.schema import SCHEMAS
from briefing import validate
from briefing.validate import load_edition

FONTS = Path(__file__).resolve().parent.parent / "fonts"
ROWS = [["早稻机插秧推广", "推广机插秧面积3万亩以上", "农机股", "2024年4月底"],
        ["高标准农田建设", "新建高标准农田2.5万亩", "农田建设股", "2024年10月底"],
        ["耕地抛荒整治", "完成抛荒耕地复耕复种", "耕保股", "2024年6月底"]]
SECTION = {"id": "progress", "heading": "主要工作进展", "editorial": False,
           "body": ["全县落实早稻种植面积{{early-rice}}，比上年增加0.6万亩。",
                    {"lead": "抓好春耕备耕。", "text": "化肥、农药供应充足，农机检修完成九成。"}],
           "sections": [{"id": "grain", "heading": "粮食生产稳中有进", "body": ["完成春播备耕物资储备。"]},
                        {"id": "village", "heading": "人居环境整治持续深化", "body": ["完成农村户厕改造1260户。"]}]}
MINUTES = {
    "output": "青阳县农业农村工作专题会议纪要", "format": "纪要", "status": "draft", "revision": "第2稿",
    "issuer": "青阳县农业农村局", "mark": "青阳县农业农村局会议纪要", "number": "第4期",
    "copy_number": "000012", "secrecy": "内部", "urgency": "加急", "signers": ["吴海峰", "郑丽萍"],
    "title": ["青阳县农业农村局", "2024年春耕生产专题会议纪要"],
    "recipients": ["各乡镇人民政府", {"name": "县财政局", "copies": 2}],
    "figures": "figures.yaml",
    "body": ["4月2日，县农业农村局召开春耕生产专题会议，研究部署春耕生产工作。纪要如下。",
             {"lead": "关于早稻生产。", "text": "会议要求，各乡镇要在4月20日前完成早稻播种。"},
             "全县落实早稻种植面积{{early-rice}}，已完工高标准农田{{farmland}}，完成年度任务的{{farmland.share}}。",
             {"figures": ["early-rice", "farmland"]},
             {"chart": "图1　主要指标完成进度", "figures": ["farmland", "early-rice"]},
             {"table": "表1　2024年农业重点任务安排", "header": ["任务", "主要内容", "责任股室", "完成时限"],
              "rows": ROWS, "widths": [3, 6, 2.4, 2.6], "align": ["left", "left", "center", "center"],
              "merge_first": False, "landscape": False},
             {"table": "表2　2024年农业项目资金安排", "header": ["项目", "资金（万元）"],
              "rows": [["高标准农田建设", "1200"], ["农机购置补贴", "380.5"]], "total": "合计"},
             {"page_break": True},
             {"image": "field.png", "caption": "图2　高标准农田项目区示意图", "width": 120}],
    "sections": [SECTION, {"include": "section.yaml"}],
    "attachments": ["attachment.yaml", "attachment-b.yaml"],
    "attendance": {"出席": ["吴海峰（局长）", "郑丽萍（副局长）", "陈立新（县财政局副局长）"], "请假": ["黄伟（副局长）"],
                   "列席": ["各乡镇分管负责同志", "局机关各股室负责人"]},
    "seal": "seal.png", "note": "联系人：郑丽萍，电话：0566-5123456",
    "fonts": {"kaiti": "fonts/kai.ttf", "heiti": {"file": "fonts/hei.ttf", "face": 0}},
    "date": "2024年4月3日", "cc": ["县委办公室", {"name": "县政府办公室", "copies": 3}],
    "printer": "青阳县农业农村局办公室", "print_date": "2024年4月3日",
}
ORDER = {"format": "命令", "issuer": "青阳县人民政府", "mark": "青阳县人民政府令", "number": "第5号",
         "title": "青阳县耕地保护办法", "body": ["《青阳县耕地保护办法》已经县人民政府常务会议通过，现予公布。"],
         "signature": {"title": "县长", "name": "林志远", "stamp": "sign.png"}, "date": "2024年5月6日",
         "cc": ["县委办公室"], "printer": "青阳县人民政府办公室", "print_date": "2024年5月6日", "status": "final"}
FIGURES = {"figures": [
    {"id": "early-rice", "label": "早稻种植面积", "aliases": ["早稻面积"], "value": 18.2, "unit": "万亩", "year": 2024,
     "kind": "actual", "change": "比增3.4%", "rank": "居全市第二", "remark": "创五年新高", "source": "progress",
     "goal": "early-rice-goal"},
    {"id": "early-rice-goal", "label": "早稻种植任务", "value": 18, "unit": "万亩", "year": 2024, "kind": "target"},
    {"id": "farmland", "label": "已完工高标准农田", "value": 2.3, "unit": "万亩", "year": 2024, "kind": "actual",
     "goal": "farmland-goal", "source": "grain"},
    {"id": "farmland-goal", "label": "高标准农田建设任务", "value": 2.5, "unit": "万亩", "year": 2024, "kind": "target"},
    {"id": "farmland-plan", "label": "高标准农田规划任务", "value": 2.8, "unit": "万亩", "year": 2024, "kind": "target"},
    {"id": "farmland-left", "label": "尚待建设的高标准农田", "formula": "farmland-goal - farmland", "precision": 1,
     "unit": "万亩", "year": 2024, "kind": "actual"},
    {"id": "farmland-rate", "label": "高标准农田完成率", "formula": "percent(farmland, farmland-goal)", "precision": 2,
     "unit": "%", "year": 2024, "kind": "actual"},
    {"id": "spare", "label": "备用指标", "value": 1, "unit": "个", "year": 2024, "kind": "actual"}]}
ATTACHMENT = {"title": "2024年一季度农业主要指标", "panel": {"title": "主要指标", "figures": ["early-rice", "farmland"]},
              "body": ["一季度各项指标总体平稳。"],
              "sections": [{"heading": "粮食生产", "body": ["早稻播种进度快于上年。"]},
                           {"heading": "农田建设", "body": ["尚待建设{{farmland-left}}，完成率{{farmland-rate}}。"]}]}
FILES = {"edition.yaml": MINUTES, "figures.yaml": FIGURES, "attachment.yaml": ATTACHMENT,
         "attachment-b.yaml": {"title": "2024年农业重点任务分工", "body": ["各股室按分工抓好落实。"]},
         "section.yaml": {"heading": "存在的困难", "body": ["部分乡镇项目前期工作滞后。"]},
         "section-b.yaml": {"heading": "下一步打算", "body": ["对照年度目标逐项抓好落实。"]},
         "figures-b.yaml": {"figures": [dict(f, value=19.6) if f["id"] == "early-rice" else f
                                        for f in FIGURES["figures"]]}}


def kind_of(name: str) -> str:
    """Which schema a file is written to: the main file, a registry, or a part (attachment, section)."""
    return "edition" if name == "edition.yaml" else "figures" if name.startswith("figures") else "part"


def _write(folder: Path, files: dict) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(FONTS / "FandolKai-Regular.ttf", folder / "fonts" / "kai.ttf")
    shutil.copy(FONTS / "FandolHei-Regular.ttf", folder / "fonts" / "hei.ttf")
    shutil.copy(FONTS / "FandolSong-Regular.ttf", folder / "fonts" / "song.ttf")
    for name, colour in (("field.png", (120, 170, 90)), ("seal.png", (220, 30, 30)), ("sign.png", (20, 20, 20)),
                         ("other.png", (90, 120, 200))):
        picture = Image.new("RGB", (300, 300), (255, 255, 255))
        picture.paste(colour, (40, 40, 260, 260))
        picture.save(folder / name)
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


# --- the schema: every field of every element kind, and where a document uses it -----------------

def _schema(name: str) -> dict:
    return SCHEMAS[f"{kind_of(name)}.schema.json"]()


def fields_of(schema: dict, pointer: str, seen: set) -> set[str]:
    """Every place in the schema a value can stand: each object's properties, each $defs kind."""
    found = set()
    if pointer in seen:
        return found
    seen.add(pointer)
    for key, sub in schema.get("properties", {}).items():
        found |= {f"{pointer}/{key}"} | fields_of(sub, f"{pointer}/{key}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found |= fields_of(schema[key], f"{pointer}/{key}", seen)
    for n, alternative in enumerate(schema.get("anyOf", [])):
        found |= fields_of(alternative, f"{pointer}/anyOf{n}", seen)
    return found


def all_fields() -> set[str]:
    found = set()
    for build in SCHEMAS.values():
        schema = build()
        found |= fields_of({k: v for k, v in schema.items() if k != "$defs"}, build.__name__.removesuffix("_schema"),
                           set())
        for name, definition in schema["$defs"].items():
            found |= {f"$defs/{name}"} | fields_of(definition, f"$defs/{name}", set())
    return found


def uses(value, schema: dict, pointer: str, path: tuple, root: dict, out: list) -> None:
    """(schema field, path in the data) for every value in the data, the anyOf branch chosen as
    the validator would (the first the value satisfies)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        out.append((f"$defs/{name}", path, root["$defs"][name]))
        return uses(value, root["$defs"][name], f"$defs/{name}", path, root, out)
    if "anyOf" in schema:
        for n, alternative in enumerate(schema["anyOf"]):
            if jsonschema.Draft202012Validator({**alternative, "$defs": root["$defs"]}).is_valid(value):
                return uses(value, alternative, f"{pointer}/anyOf{n}", path, root, out)
        raise AssertionError(f"{path}: {value!r} matches no branch of {pointer}")
    if isinstance(value, dict):
        for key, sub in value.items():
            if key in schema.get("properties", {}):
                field = f"{pointer}/{key}"
                out.append((field, (*path, key), schema["properties"][key]))
                uses(sub, schema["properties"][key], field, (*path, key), root, out)
            elif isinstance(schema.get("additionalProperties"), dict):
                uses(sub, schema["additionalProperties"], f"{pointer}/additionalProperties", (*path, key), root, out)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for n, item in enumerate(value):
            uses(item, schema["items"], f"{pointer}/items", (*path, n), root, out)


def document_uses(files: dict) -> dict[str, list[tuple[str, tuple, dict]]]:
    """Each schema field with the (file, path, field schema) places the documents use it at."""
    found: dict[str, list] = {}
    for name, data in files.items():
        if name in ALTERNATES:
            continue
        schema = _schema(name)
        out: list = []
        uses(data, {k: v for k, v in schema.items() if k != "$defs"}, kind_of(name), (), schema, out)
        for field, path, sub in out:
            found.setdefault(field, []).append((name, path, sub))
    return found


# --- changing one value ----------------------------------------------------------------------

def _get(data, path):
    for key in path:
        data = data[key]
    return data


def _set(data, path, value):
    _get(data, path[:-1])[path[-1]] = value


def mutations(value, schema: dict, others: list):
    """Changed values for `value`, the likeliest valid first: another value the documents use for
    the same field, then one made from it by its type."""
    yield from (o for o in others if o != value)
    if isinstance(value, bool):
        yield not value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield value + 1
        yield value - 1
    elif isinstance(value, float):
        yield round(value * 0.8, 2)
    elif isinstance(value, str):
        if value.endswith((".png", ".ttf", ".yaml")):
            stem, suffix = value.rsplit(".", 1)
            yield {"png": "other.png", "ttf": "fonts/song.ttf"}.get(suffix, f"{stem}-b.{suffix}")
        digits = [n for n, c in enumerate(value) if c.isdigit()]
        if digits:
            n = digits[-1]
            yield value[:n] + str((int(value[n]) + 1) % 10) + value[n + 1:]
        yield value + "等"
        yield value + "x"
    elif isinstance(value, list):  # its last item changed, then the list shortened, reordered
        if value:
            yield from ([*value[:-1], changed] for changed in mutations(value[-1], {}, []))
        if len(value) > 1:
            yield value[:-1]
            yield value[::-1]
    elif isinstance(value, dict):  # an element as a whole: one of its values changed, or (a page
        for key, sub in value.items():  # break, which has one valid value) the element replaced
            yield from ({**value, key: changed} for changed in mutations(sub, {}, []))
        yield "此处改为一段文字。"
    for alternative in schema.get("enum", []):
        if SAME.get(alternative, alternative) != SAME.get(value, value):
            yield alternative


ALTERNATES = {"figures-b.yaml", "section-b.yaml"}  # files a change may point to instead
NOTICE = {"format": "文件", "issuer": "青阳县农业农村局", "mark": "青阳县农业农村局文件", "number": "青农〔2024〕15号",
          "title": "青阳县农业农村局关于做好2024年夏粮收购工作的通知", "recipients": ["各乡镇人民政府"],
          "body": ["为做好今年夏粮收购工作，现就有关事项通知如下。"], "date": "2024年5月20日", "cc": ["县委办公室"],
          "printer": "青阳县农业农村局办公室", "print_date": "2024年5月20日", "status": "final"}
BASES = {"minutes": FILES, "order": {"edition.yaml": ORDER}, "notice": {"edition.yaml": NOTICE}}
SAME = {**validate.FORMATS, **validate.STATUSES, **validate.ALIGNMENTS, **validate.FIGURE_KINDS}  # synonyms


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    root = tmp_path_factory.mktemp("bases")
    loaded = {}
    for name, files in BASES.items():
        folder = _write(root / name, files)
        loaded[name] = load_edition(folder)[0]
    return loaded


def places():
    """Every schema field, with each place a base document uses it at."""
    found: dict[str, list] = {}
    for base, files in BASES.items():
        for field, where in document_uses(files).items():
            found.setdefault(field, []).extend((base, *w) for w in where)
    return found


PLACES = places()


def test_the_documents_use_every_field_of_the_schema():
    missing = all_fields() - set(PLACES)
    assert not missing, f"add these fields to the test documents: {sorted(missing)}"


@pytest.mark.parametrize("field", sorted(all_fields()))
def test_changing_any_field_is_reported(field, bases, tmp_path):
    if all("const" in schema for *_, schema in PLACES[field]):
        return  # one valid value (page_break: true): the element holding it is changed as a whole instead
    tried = []
    for base, name, path, schema in PLACES[field]:
        files = BASES[base]
        value = _get(files[name], path)
        others = [_get(BASES[b][n], p) for b, n, p, _ in PLACES[field]]
        for changed in mutations(value, schema, others):
            mutated = copy.deepcopy(files)
            _set(mutated[name], path, changed)
            folder = _write(tmp_path / "new", mutated)
            try:
                edition = load_edition(folder)[0]
            except ContentError as problem:
                tried.append(f"{name}:{path} → {changed!r}: {problem.errors[0].message}")
                continue
            changes = compare(bases[base], edition)
            assert changes, f"{field}: {name}:{path} changed to {changed!r}, the diff reports nothing"
            return
    pytest.fail(f"no valid change of {field} was found; tried: {tried}")
