"""Answer checking, table-driven: answers as learners type them, with the verdict a fair
examiner would give and the score range that goes with it.

The questions are built here from sentences of the report (seeds/zhengzhou-cppcc-…txt) so
that these tests do not depend on the bank being written in questions/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli.grading_feedback import feedback_text
from trainer.core.bank import (
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from trainer.core.grading import grade

# --------------------------------------------------------------------------- questions

LESSONS = ListQuestion(
    id="lessons",
    type="list",
    prompt="十四届市政协五年工作的主要体会是什么？",
    items=(
        ("必须切实加强党的全面领导",),
        ("必须坚持围绕中心、服务大局",),
        ("必须践行全过程人民民主",),
        ("必须更加广泛凝聚共识",),
        ("必须充分发挥委员主体作用",),
    ),
)
FOUR_REQUIREMENTS = ListQuestion(
    id="four-requirements",
    type="list",
    prompt="市委对政协工作提出了哪“四个”要求？",
    items=(("聚团结之力",), ("尽协商之责",), ("强监督之效",), ("立发展之功",)),
)
RELATIONS = ListQuestion(
    id="relations",
    type="list",
    prompt="政协要促进哪五种关系和谐？",
    items=(
        ("政党关系",),
        ("民族关系",),
        ("宗教关系",),
        ("阶层关系",),
        ("海内外同胞关系",),
    ),
)
HIGHLANDS = ListQuestion(
    id="highlands",
    type="list",
    prompt="“四高地”指哪四个高地？",
    items=(("创新高地",), ("先进制造业高地",), ("开放高地",), ("人才高地",)),
)
LOGICS = ListQuestion(
    id="logics",
    type="list",
    prompt="“两个确立”必然的三个逻辑（按原文顺序）",
    items=(("历史逻辑",), ("理论逻辑",), ("实践逻辑",)),
    ordered=True,
)
ARCHIVES = ListQuestion(
    id="archives",
    type="list",
    prompt="政协文史资料的社会功能",
    items=(("存史",), ("资政",), ("团结",), ("育人",)),
)

REQUIREMENT_PHRASE = ShortQuestion(
    id="requirement-phrase",
    type="short",
    prompt="市委对政协提出的要求（原文）",
    answer="聚团结之力、尽协商之责、强监督之效、立发展之功",
)
ORGAN = ShortQuestion(
    id="organ",
    type="short",
    prompt="人民政协的定位是什么机构？",
    answer="专门协商机构",
    accept=("人民政协是专门协商机构",),
)
GOAL = ShortQuestion(
    id="goal",
    type="short",
    prompt="政协助推郑州加快什么建设？",
    answer="国家中心城市现代化建设",
)
HUB = ShortQuestion(
    id="hub",
    type="short",
    prompt="“一枢纽”指什么？",
    answer="国际化现代化综合交通物流枢纽",
)
CONSCIOUSNESS = ShortQuestion(
    id="consciousness",
    type="short",
    prompt="增强什么？",
    answer="四个意识",
)
SUPERVISION = ShortQuestion(
    id="supervision",
    type="short",
    prompt="坚持什么监督的定位？",
    answer="协商式监督",
)
THREE_MARKS = ShortQuestion(
    id="three-marks",
    type="short",
    prompt="市政协机关牢固树立什么意识？",
    answer="“三标”意识",
)
BELT_ROAD = ShortQuestion(
    id="belt-road",
    type="short",
    prompt="积极融入什么？",
    answer="“一带一路”",
)
ESTABLISH = ShortQuestion(
    id="establish",
    type="short",
    prompt="深刻领悟什么的决定性意义？",
    answer="“两个确立”",
)
TERM = ShortQuestion(
    id="term",
    type="short",
    prompt="报告是哪一届市政协常委会的工作报告？",
    answer="十四届市政协",
)
PROPOSAL_COUNTS = ShortQuestion(
    id="proposal-counts",
    type="short",
    prompt="2023年提案工作的两个数字？",
    answer="全年提交提案204件，立案182件",
)
FIRST_TOPIC = ShortQuestion(
    id="first-topic",
    type="short",
    prompt="常委会认真落实什么制度？",
    answer="“第一议题”制度",
)
LEADERSHIP = ShortQuestion(
    id="leadership",
    type="short",
    prompt="第一条体会",
    answer="必须切实加强党的全面领导",
)
GENERAL = ShortQuestion(
    id="general",
    type="short",
    prompt="今年政协工作总体要求的最后一句",
    answer="努力为加快郑州国家中心城市现代化建设作出政协贡献",
)

FLAG = ClozeQuestion(
    id="flag",
    type="cloze",
    prompt="",
    text="市政协及其常委会高举{{习近平新时代中国特色社会主义思想}}伟大旗帜，充分发挥"
    "{{专门协商机构}}作用，围绕中心、{{服务大局}}",
    blanks=(("习近平新时代中国特色社会主义思想",), ("专门协商机构",), ("服务大局",)),
)
FUNCTIONS = ClozeQuestion(
    id="functions",
    type="cloze",
    prompt="",
    text="发挥政协文史资料“存史、{{资政}}、团结、育人”的社会功能",
    blanks=(("资政",),),
)
GROWTH_CLOZE = ClozeQuestion(
    id="growth-cloze",
    type="cloze",
    prompt="",
    text="2021年国际货运班列开行2002班，同比增长{{77.8%}}",
    blanks=(("77.8%",),),
)
READING_CLOZE = ClozeQuestion(
    id="reading-cloze",
    type="cloze",
    prompt="",
    text="建立微信读书群{{204}}个，组织各类读书活动{{100余}}次",
    blanks=(("204",), ("100余", "100多")),
)
LESSON_CLOZE = ClozeQuestion(
    id="lesson-cloze",
    type="cloze",
    prompt="",
    text="四是必须{{更加广泛}}凝聚共识。五是必须充分发挥{{委员主体}}作用。",
    blanks=(("更加广泛",), ("委员主体",)),
)

ORGAN_CHOICE = ChoiceQuestion(
    id="organ-choice",
    type="choice",
    prompt="人民政协是",
    options=("国家权力机关", "专门协商机构", "行政机关", "司法机关"),
    correct=(1,),
)
FOURS_CHOICE = ChoiceQuestion(
    id="fours-choice",
    type="choice",
    prompt="报告中提到的有（多选）",
    options=("增强“四个意识”", "坚定“四个自信”", "做到“两个维护”", "实现“三个代表”"),
    correct=(0, 1, 2),
    multiple=True,
)

TRAINS_TRUE = TrueFalseQuestion(
    id="trains-true",
    type="truefalse",
    prompt="2021年郑州国际货运班列开行2002班。",
    answer=True,
)
MEETINGS_FALSE = TrueFalseQuestion(
    id="meetings-false",
    type="truefalse",
    prompt="常委会组织召开全体会议8次。",
    answer=False,
)

PROPOSALS = NumberQuestion(
    id="proposals",
    type="number",
    prompt="五年提案立案多少件？",
    answer=4100,
    unit="件",
)
GROWTH = NumberQuestion(
    id="growth",
    type="number",
    prompt="国际货运班列开行同比增长多少？",
    answer=77.8,
    unit="%",
)
READINGS = NumberQuestion(
    id="readings",
    type="number",
    prompt="组织各类读书活动多少次？",
    answer=100,
    unit="次",
    approx=True,
)
PLATFORMS = NumberQuestion(
    id="platforms",
    type="number",
    prompt="建立各类“有事好商量”平台多少个？",
    answer=102,
    unit="个",
)
REQUESTS = NumberQuestion(
    id="requests",
    type="number",
    prompt="向市委请示报告重大事项多少次？（允许误差 5）",
    answer=160,
    unit="次",
    tolerance=5,
)

REVIEW_ORDER = OrderQuestion(
    id="review-order",
    type="order",
    prompt="按报告顺序排列过去五年工作回顾的部分",
    items=(
        "强化创新理论武装",
        "加强政协党的建设",
        "聚焦全市中心大局",
        "坚持以人民为中心",
        "发挥统战组织功能",
        "全面加强自身建设",
    ),
)
LOGIC_ORDER = OrderQuestion(
    id="logic-order",
    type="order",
    prompt="排列三个逻辑",
    items=("历史逻辑", "理论逻辑", "实践逻辑"),
)

# --------------------------------------------------------------------------- bands

CORRECT = (1.0, 1.0)
CLOSE = (0.8, 0.99)
PARTIAL = (0.1, 0.79)
WRONG = (0.0, 0.29)
ZERO = (0.0, 0.0)

ALL_FIVE = "必须切实加强党的全面领导；必须坚持围绕中心、服务大局；必须践行全过程人民民主；必须更加广泛凝聚共识；必须充分发挥委员主体作用"

# (question, answer, verdict, (low, high))
CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    # ---- list: the five lessons, as learners write them
    (LESSONS, ALL_FIVE, "correct", CORRECT),
    (
        LESSONS,
        "一是必须切实加强党的全面领导。二是必须坚持围绕中心、服务大局。三是必须践行全过程人民民主。"
        "四是必须更加广泛凝聚共识。五是必须充分发挥委员主体作用。",
        "correct",
        CORRECT,
    ),
    (LESSONS, ALL_FIVE.replace("；", "\n"), "correct", CORRECT),
    (
        LESSONS,
        "1. 必须切实加强党的全面领导\n2. 必须坚持围绕中心、服务大局\n3. 必须践行全过程人民民主\n"
        "4. 必须更加广泛凝聚共识\n5. 必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "（一）必须切实加强党的全面领导（二）必须坚持围绕中心、服务大局（三）必须践行全过程人民民主"
        "（四）必须更加广泛凝聚共识（五）必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "第一，必须切实加强党的全面领导；第二，必须坚持围绕中心、服务大局；第三，必须践行全过程人民民主；"
        "第四，必须更加广泛凝聚共识；第五，必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "①必须切实加强党的全面领导②必须坚持围绕中心、服务大局③必须践行全过程人民民主"
        "④必须更加广泛凝聚共识⑤必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (LESSONS, list(ALL_FIVE.split("；")), "correct", CORRECT),
    (LESSONS, list(reversed(ALL_FIVE.split("；"))), "correct", CORRECT),
    (
        LESSONS,
        "必须践行全过程人民民主；必须切实加强党的全面领导；必须充分发挥委员主体作用；"
        "必须更加广泛凝聚共识；必须坚持围绕中心、服务大局",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "必须切实加强党的全面领导，必须坚持围绕中心、服务大局，必须践行全过程人民民主，"
        "必须更加广泛凝聚共识，必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "必须切实加强党的全面领导、必须坚持围绕中心、服务大局、必须践行全过程人民民主、"
        "必须更加广泛凝聚共识、必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "加强党的全面领导、围绕中心、服务大局、践行全过程人民民主、凝聚共识、发挥委员主体作用",
        "close",
        CLOSE,
    ),
    (
        LESSONS,
        "加强党的全面领导\n坚持围绕中心、服务大局\n践行全过程人民民主\n更加广泛凝聚共识\n充分发挥委员主体作用",
        "close",
        CLOSE,
    ),
    (
        LESSONS,
        "必须切实加强党的全面领到；必须坚持围绕中心、服务大局；必须践行全过程人民民主；"
        "必须更加广泛凝聚共识；必须充分发挥委员主体作用",
        "close",
        CLOSE,
    ),
    (
        LESSONS,
        "必须切实加强党的全面领导 必须坚持围绕中心 服务大局 必须践行全过程人民民主 "
        "必须更加广泛凝聚共识 必须充分发挥委员主体作用",
        "correct",
        CORRECT,
    ),
    (
        LESSONS,
        "必须切实加强党的全面领导；必须坚持围绕中心、服务大局；必须践行全过程人民民主",
        "partial",
        (0.55, 0.65),
    ),
    (LESSONS, "加强党的全面领导", "partial", (0.15, 0.25)),
    (
        LESSONS,
        ALL_FIVE.replace("党的全面领导", "政府的全面领导"),
        "partial",
        (0.6, 0.79),
    ),
    (
        LESSONS,
        ALL_FIVE + "；必须大力发展经济；必须保障和改善民生",
        "partial",
        (0.5, 0.79),
    ),
    (
        LESSONS,
        ALL_FIVE + "；必须切实加强党的全面领导",
        "partial",
        (0.6, 0.79),
    ),
    (LESSONS, "发展经济；改善民生；保护环境；扩大开放；深化改革", "wrong", ZERO),
    (LESSONS, "", "wrong", ZERO),
    (LESSONS, "不知道", "wrong", ZERO),
    (LESSONS, "必须切实加强党的全面领导；必须坚持围绕中心", "partial", (0.25, 0.35)),
    # ---- list: short items
    (FOUR_REQUIREMENTS, "聚团结之力、尽协商之责、强监督之效、立发展之功", "correct", CORRECT),
    (FOUR_REQUIREMENTS, "聚团结之力，尽协商之责，强监督之效，立发展之功", "correct", CORRECT),
    (FOUR_REQUIREMENTS, "聚团结之力 尽协商之责 强监督之效 立发展之功", "correct", CORRECT),
    (FOUR_REQUIREMENTS, "立发展之功；聚团结之力；尽协商之责；强监督之效", "correct", CORRECT),
    (FOUR_REQUIREMENTS, "聚团结之力、尽协商之责、强监督之效、立发展之工", "close", CLOSE),
    (FOUR_REQUIREMENTS, "聚团结之力、尽协商之责", "partial", (0.45, 0.55)),
    (FOUR_REQUIREMENTS, "聚团结之力、尽协商之责、强管理之效、立发展之功", "partial", (0.7, 0.79)),
    (
        FOUR_REQUIREMENTS,
        "聚团结之力、尽协商之责、强监督之效、立发展之功、促和谐之举",
        "partial",
        (0.6, 0.79),
    ),
    (FOUR_REQUIREMENTS, "聚团结之力、聚团结之力、聚团结之力、聚团结之力", "partial", (0.1, 0.25)),
    (FOUR_REQUIREMENTS, "团结、协商、监督、发展", "partial", (0.1, 0.79)),
    (FOUR_REQUIREMENTS, "促改革之力、保稳定之责", "wrong", WRONG),
    (RELATIONS, "政党关系、民族关系、宗教关系、阶层关系、海内外同胞关系", "correct", CORRECT),
    (RELATIONS, "政党关系，民族关系，宗教关系，阶层关系，海内外同胞关系。", "correct", CORRECT),
    (RELATIONS, "宗教关系 民族关系 政党关系 海内外同胞关系 阶层关系", "correct", CORRECT),
    (RELATIONS, "政党关系、民族关系、宗教关系", "partial", (0.55, 0.65)),
    (
        RELATIONS,
        "政党关系、民族关系、宗教关系、阶层关系、海内外同胞关系、干群关系",
        "partial",
        (0.85 - 0.1, 0.9),
    ),
    (RELATIONS, "政党关系、民族关系、宗教关系、阶级关系、海内外同胞关系", "partial", (0.7, 0.79)),
    (RELATIONS, "党群关系、干群关系", "wrong", WRONG),
    (HIGHLANDS, "创新高地、先进制造业高地、开放高地、人才高地", "correct", CORRECT),
    (HIGHLANDS, ["创新高地", "先进制造业高地", "开放高地", "人才高地"], "correct", CORRECT),
    (HIGHLANDS, "创新高低、先进制造业高地、开放高地、人才高地", "close", CLOSE),
    (HIGHLANDS, "创新高地、制造业高地、开放高地、人才高地", "partial", (0.7, 0.79)),
    (HIGHLANDS, "创新高地、开放高地", "partial", (0.45, 0.55)),
    (HIGHLANDS, "金融高地、物流高地", "wrong", WRONG),
    (ARCHIVES, "存史、资政、团结、育人", "correct", CORRECT),
    (ARCHIVES, "存史，资政，团结，育人", "correct", CORRECT),
    (ARCHIVES, "存史、咨询、团结、育人", "partial", (0.7, 0.79)),
    (ARCHIVES, "存史、资政", "partial", (0.45, 0.55)),
    # ---- list: ordered
    (LOGICS, "历史逻辑、理论逻辑、实践逻辑", "correct", CORRECT),
    (LOGICS, "历史逻辑\n理论逻辑\n实践逻辑", "correct", CORRECT),
    (LOGICS, "理论逻辑、历史逻辑、实践逻辑", "partial", (0.6, 0.79)),
    (LOGICS, "历史逻辑、理论逻辑", "partial", (0.6, 0.7)),
    (LOGICS, "现实逻辑", "wrong", WRONG),
    # ---- short
    (REQUIREMENT_PHRASE, "聚团结之力、尽协商之责、强监督之效、立发展之功", "correct", CORRECT),
    (REQUIREMENT_PHRASE, "聚团结之力，尽协商之责，强监督之效，立发展之功。", "correct", CORRECT),
    (REQUIREMENT_PHRASE, "“聚团结之力、尽协商之责、强监督之效、立发展之功”", "correct", CORRECT),
    (REQUIREMENT_PHRASE, "聚团结之力 尽协商之责 强监督之效 立发展之功", "correct", CORRECT),
    (REQUIREMENT_PHRASE, "聚团结之力、尽协商之责、强监督之效、立发展之工", "close", CLOSE),
    (REQUIREMENT_PHRASE, "聚团结之力、尽协商之责", "partial", (0.4, 0.6)),
    (REQUIREMENT_PHRASE, "聚团结之力、尽协商之责、强管理之效、立发展之功", "wrong", WRONG),
    (
        REQUIREMENT_PHRASE,
        "聚团结之力、尽协商之责、强监督之效、立发展之功、促和谐之举",
        "partial",
        PARTIAL,
    ),
    (REQUIREMENT_PHRASE, "凝聚共识", "wrong", WRONG),
    (ORGAN, "专门协商机构", "correct", CORRECT),
    (ORGAN, "专门 协商 机构", "correct", CORRECT),
    (ORGAN, "人民政协是专门协商机构", "correct", CORRECT),
    (ORGAN, "人民政协是专门协商机构。", "correct", CORRECT),
    (ORGAN, "专门协商机枸", "close", CLOSE),
    (ORGAN, "专门协商机构。", "correct", CORRECT),
    (ORGAN, "协商机构", "partial", PARTIAL),
    (ORGAN, "专门咨询机构", "wrong", WRONG),
    (ORGAN, "政治协商机构", "wrong", WRONG),
    (ORGAN, "国家权力机关", "wrong", WRONG),
    (ORGAN, "", "wrong", ZERO),
    (ORGAN, "   ", "wrong", ZERO),
    (GOAL, "国家中心城市现代化建设", "correct", CORRECT),
    (GOAL, "国家中心城市现代化建设。", "correct", CORRECT),
    (GOAL, "国家中心城市现代化建没", "wrong", WRONG),
    (GOAL, "国家中心城市现代花建设", "close", CLOSE),
    (GOAL, "国家中心城市建设", "partial", PARTIAL),
    # 郑州 is the prompt's own word (助推郑州加快什么建设), repeated: not an extra word
    (GOAL, "郑州国家中心城市现代化建设", "correct", CORRECT),
    (GOAL, "上海国家中心城市现代化建设", "partial", PARTIAL),
    (GOAL, "区域中心城市现代化建设", "wrong", WRONG),
    (HUB, "国际化现代化综合交通物流枢纽", "correct", CORRECT),
    (HUB, "国际化现代化综合交通物流枢钮", "close", CLOSE),
    (HUB, "国际化现代化综合交通物流枢扭", "close", CLOSE),
    (HUB, "国际化现代化综合交通物流中心", "wrong", WRONG),
    (HUB, "综合交通物流枢纽", "partial", PARTIAL),
    (CONSCIOUSNESS, "四个意识", "correct", CORRECT),
    (CONSCIOUSNESS, "“四个意识”", "correct", CORRECT),
    (CONSCIOUSNESS, "四个意事", "close", CLOSE),
    (CONSCIOUSNESS, "4个意识", "close", CLOSE),
    (CONSCIOUSNESS, "四个自信", "wrong", WRONG),
    (CONSCIOUSNESS, "三个意识", "wrong", WRONG),
    (SUPERVISION, "协商式监督", "correct", CORRECT),
    (SUPERVISION, "协商式管理", "wrong", WRONG),
    (SUPERVISION, "协商监督", "partial", PARTIAL),
    (SUPERVISION, "民主监督", "wrong", WRONG),
    (THREE_MARKS, "三标意识", "correct", CORRECT),
    (THREE_MARKS, "“三标”意识", "correct", CORRECT),
    (THREE_MARKS, "3标意识", "close", CLOSE),
    (THREE_MARKS, "四标意识", "wrong", WRONG),
    (BELT_ROAD, "一带一路", "correct", CORRECT),
    (BELT_ROAD, "“一带一路”", "correct", CORRECT),
    (BELT_ROAD, "一带一陆", "close", CLOSE),
    (BELT_ROAD, "一带", "partial", PARTIAL),
    (BELT_ROAD, "两带一路", "wrong", WRONG),
    (ESTABLISH, "两个确立", "correct", CORRECT),
    (ESTABLISH, "二个确立", "wrong", WRONG),
    (ESTABLISH, "两个维护", "wrong", WRONG),
    # a figure inside a formulation: another notation is right, a sound-alike slip inside the
    # numeral is close, a figure with a digit dropped, changed or added is wrong
    (TERM, "十四届市政协", "correct", CORRECT),
    (TERM, "14届市政协", "correct", CORRECT),
    (TERM, "实四届市政协", "close", CLOSE),
    (TERM, "十四界市政协", "close", CLOSE),
    (TERM, "十五届市政协", "wrong", WRONG),
    (TERM, "四届市政协", "wrong", WRONG),
    (TERM, "114届市政协", "wrong", WRONG),
    (TERM, "市政协", "partial", PARTIAL),
    (PROPOSAL_COUNTS, "提交提案二百零四件，立案一百八十二件", "partial", PARTIAL),
    (PROPOSAL_COUNTS, "全年提交提案204件", "partial", PARTIAL),
    (PROPOSAL_COUNTS, "全年提交提案204件，立案18件", "wrong", WRONG),
    (PROPOSAL_COUNTS, "全年提交提案204件，立案1820件", "wrong", WRONG),
    (FIRST_TOPIC, "第一议题制度", "correct", CORRECT),
    (FIRST_TOPIC, "“第一议题”制度", "correct", CORRECT),
    (FIRST_TOPIC, "第一议题", "partial", PARTIAL),
    (FIRST_TOPIC, "第二议题制度", "wrong", WRONG),
    (LEADERSHIP, "必须切实加强党的全面领导", "correct", CORRECT),
    (LEADERSHIP, "切实加强党的全面领导", "close", CLOSE),
    (LEADERSHIP, "加强党的全面领导", "close", CLOSE),
    (LEADERSHIP, "一是必须切实加强党的全面领导", "correct", CORRECT),
    (LEADERSHIP, "1. 必须切实加强党的全面领导", "correct", CORRECT),
    (LEADERSHIP, "必须切实加强党的全面领到", "close", CLOSE),
    (LEADERSHIP, "必须加强党的全面领导", "close", CLOSE),
    (LEADERSHIP, "加强党的领导", "partial", PARTIAL),
    (LEADERSHIP, "必须切实加强政府的全面领导", "wrong", WRONG),
    (LEADERSHIP, "必须切实加强党的全面管理", "wrong", WRONG),
    (LEADERSHIP, "必须切实加强党的全面领导工作", "partial", PARTIAL),
    (GENERAL, "努力为加快郑州国家中心城市现代化建设作出政协贡献", "correct", CORRECT),
    (GENERAL, "为加快郑州国家中心城市现代化建设作出政协贡献", "close", CLOSE),
    (GENERAL, "努力为加快郑州国家中心城市现代化建设作出人大贡献", "wrong", WRONG),
    (GENERAL, "努力为加快郑州国家中心城市现代化建设做出政协贡献", "close", CLOSE),
    # ---- cloze
    (FLAG, "习近平新时代中国特色社会主义思想|专门协商机构|服务大局", "correct", CORRECT),
    (FLAG, "习近平新时代中国特色社会主义思想 专门协商机构 服务大局", "correct", CORRECT),
    (FLAG, "习近平新时代中国特色社会主义思想、专门协商机构、服务大局", "correct", CORRECT),
    (FLAG, ["习近平新时代中国特色社会主义思想", "专门协商机构", "服务大局"], "correct", CORRECT),
    (
        FLAG,
        "市政协及其常委会高举习近平新时代中国特色社会主义思想伟大旗帜，充分发挥专门协商机构作用，"
        "围绕中心、服务大局",
        "correct",
        CORRECT,
    ),
    (FLAG, "习近平新时代中国特色社会主义思想|专门协商机枸|服务大局", "close", CLOSE),
    (FLAG, "习近平新时代中国特色社会主义思想|专门协商机构|服务全局", "partial", (0.6, 0.67)),
    (FLAG, "专门协商机构 服务大局", "partial", (0.6, 0.7)),
    (FLAG, ["", "专门协商机构", ""], "partial", (0.3, 0.4)),
    (FLAG, "马克思主义|人民代表大会|发展经济", "wrong", WRONG),
    (FLAG, "", "wrong", ZERO),
    (FUNCTIONS, "资政", "correct", CORRECT),
    (FUNCTIONS, "姿政", "close", CLOSE),
    (FUNCTIONS, "咨询", "wrong", WRONG),
    (FUNCTIONS, "育人", "wrong", WRONG),
    (GROWTH_CLOZE, "77.8%", "correct", CORRECT),
    (GROWTH_CLOZE, "77.8％", "correct", CORRECT),
    (GROWTH_CLOZE, "百分之七十七点八", "correct", CORRECT),
    (GROWTH_CLOZE, "77.8", "close", CLOSE),
    (GROWTH_CLOZE, "78%", "wrong", ZERO),
    (GROWTH_CLOZE, "7.78%", "wrong", ZERO),
    (READING_CLOZE, "204|100余", "correct", CORRECT),
    (READING_CLOZE, "二百零四 一百余", "correct", CORRECT),
    (READING_CLOZE, ["204", "100多"], "correct", CORRECT),
    (READING_CLOZE, "204 100", "close", CLOSE),
    (READING_CLOZE, "204 98", "partial", (0.45, 0.55)),
    (READING_CLOZE, "240 98", "wrong", ZERO),
    (LESSON_CLOZE, "更加广泛|委员主体", "correct", CORRECT),
    (LESSON_CLOZE, "广泛|委员主体", "partial", (0.6, 0.79)),
    (LESSON_CLOZE, "更加广泛|政协委员", "partial", (0.45, 0.65)),
    (LESSON_CLOZE, "切实|党员", "wrong", WRONG),
    # ---- choice
    (ORGAN_CHOICE, "B", "correct", CORRECT),
    (ORGAN_CHOICE, "b", "correct", CORRECT),
    (ORGAN_CHOICE, "Ｂ", "correct", CORRECT),
    (ORGAN_CHOICE, " B. ", "correct", CORRECT),
    (ORGAN_CHOICE, "选B", "correct", CORRECT),
    (ORGAN_CHOICE, "答案是B", "correct", CORRECT),
    (ORGAN_CHOICE, "专门协商机构", "correct", CORRECT),
    (ORGAN_CHOICE, "B. 专门协商机构", "correct", CORRECT),
    (ORGAN_CHOICE, "A", "wrong", ZERO),
    (ORGAN_CHOICE, "AB", "wrong", ZERO),
    (ORGAN_CHOICE, "国家权力机关", "wrong", ZERO),
    (ORGAN_CHOICE, "E", "wrong", ZERO),
    (ORGAN_CHOICE, "", "wrong", ZERO),
    (FOURS_CHOICE, "ABC", "correct", CORRECT),
    (FOURS_CHOICE, "abc", "correct", CORRECT),
    (FOURS_CHOICE, "CBA", "correct", CORRECT),
    (FOURS_CHOICE, "A,C,B", "correct", CORRECT),
    (FOURS_CHOICE, "A、B、C", "correct", CORRECT),
    (FOURS_CHOICE, "A B C", "correct", CORRECT),
    (FOURS_CHOICE, "ＡＢＣ", "correct", CORRECT),
    (FOURS_CHOICE, ["A", "B", "C"], "correct", CORRECT),
    (FOURS_CHOICE, "增强四个意识；坚定四个自信；做到两个维护", "correct", CORRECT),
    (FOURS_CHOICE, "AB", "partial", (0.3, 0.79)),
    (FOURS_CHOICE, "A", "partial", (0.1, 0.4)),
    (FOURS_CHOICE, "ABCD", "wrong", ZERO),
    (FOURS_CHOICE, "AD", "wrong", ZERO),
    (FOURS_CHOICE, "D", "wrong", ZERO),
    # ---- true / false
    (TRAINS_TRUE, "对", "correct", CORRECT),
    (TRAINS_TRUE, "√", "correct", CORRECT),
    (TRAINS_TRUE, "是", "correct", CORRECT),
    (TRAINS_TRUE, "正确", "correct", CORRECT),
    (TRAINS_TRUE, "T", "correct", CORRECT),
    (TRAINS_TRUE, "t", "correct", CORRECT),
    (TRAINS_TRUE, "true", "correct", CORRECT),
    (TRAINS_TRUE, "True", "correct", CORRECT),
    (TRAINS_TRUE, "Y", "correct", CORRECT),
    (TRAINS_TRUE, "Ｔ", "correct", CORRECT),
    (TRAINS_TRUE, "对。", "correct", CORRECT),
    (TRAINS_TRUE, "错", "wrong", ZERO),
    (TRAINS_TRUE, "×", "wrong", ZERO),
    (TRAINS_TRUE, "F", "wrong", ZERO),
    (TRAINS_TRUE, "也许", "wrong", ZERO),
    (TRAINS_TRUE, "", "wrong", ZERO),
    (MEETINGS_FALSE, "错", "correct", CORRECT),
    (MEETINGS_FALSE, "×", "correct", CORRECT),
    (MEETINGS_FALSE, "否", "correct", CORRECT),
    (MEETINGS_FALSE, "错误", "correct", CORRECT),
    (MEETINGS_FALSE, "F", "correct", CORRECT),
    (MEETINGS_FALSE, "false", "correct", CORRECT),
    (MEETINGS_FALSE, "N", "correct", CORRECT),
    (MEETINGS_FALSE, "x", "correct", CORRECT),
    (MEETINGS_FALSE, "对", "wrong", ZERO),
    (MEETINGS_FALSE, "√", "wrong", ZERO),
    (MEETINGS_FALSE, "T", "wrong", ZERO),
    # ---- number
    (PROPOSALS, "4100", "correct", CORRECT),
    (PROPOSALS, "4100件", "correct", CORRECT),
    (PROPOSALS, "四千一百", "correct", CORRECT),
    (PROPOSALS, "四千一百件", "correct", CORRECT),
    (PROPOSALS, "4,100", "correct", CORRECT),
    (PROPOSALS, "４１００", "correct", CORRECT),
    (PROPOSALS, "0.41万", "correct", CORRECT),
    (PROPOSALS, "4000", "wrong", ZERO),
    (PROPOSALS, "4010", "wrong", ZERO),
    (PROPOSALS, "-4100", "wrong", ZERO),
    (PROPOSALS, "4100万", "wrong", ZERO),
    (PROPOSALS, "NaN", "wrong", ZERO),
    (PROPOSALS, "1e400", "wrong", ZERO),
    (PROPOSALS, "很多", "wrong", ZERO),
    (GROWTH, "77.8%", "correct", CORRECT),
    (GROWTH, "77.8", "correct", CORRECT),
    (GROWTH, "百分之七十七点八", "correct", CORRECT),
    (GROWTH, "７７．８％", "correct", CORRECT),
    (GROWTH, "78%", "wrong", ZERO),
    (GROWTH, "77%", "wrong", ZERO),
    (READINGS, "100余次", "correct", CORRECT),
    (READINGS, "一百余次", "correct", CORRECT),
    (READINGS, "100多次", "correct", CORRECT),
    (READINGS, "约100次", "correct", CORRECT),
    (READINGS, "100", "close", CLOSE),
    (READINGS, "101", "wrong", ZERO),
    (READINGS, "1000余次", "wrong", ZERO),
    (PLATFORMS, "102", "correct", CORRECT),
    (PLATFORMS, "一百零二", "correct", CORRECT),
    (PLATFORMS, "一百〇二个", "correct", CORRECT),
    (PLATFORMS, "120", "wrong", ZERO),
    (REQUESTS, "160", "correct", CORRECT),
    (REQUESTS, "163", "close", CLOSE),
    (REQUESTS, "155", "close", CLOSE),
    (REQUESTS, "166", "wrong", ZERO),
    # ---- order
    (REVIEW_ORDER, list(REVIEW_ORDER.items), "correct", CORRECT),
    (REVIEW_ORDER, "\n".join(REVIEW_ORDER.items), "correct", CORRECT),
    (REVIEW_ORDER, "；".join(REVIEW_ORDER.items), "correct", CORRECT),
    (
        REVIEW_ORDER,
        [
            "强化创新理论武装",
            "加强政协党的建设",
            "聚焦全市中心大局",
            "坚持以人民为中心",
            "发挥统战组织功能",
            "全面加强自身建没",
        ],
        "partial",
        (0.65, 0.79),
    ),
    (
        REVIEW_ORDER,
        ["加强政协党的建设", "强化创新理论武装", *REVIEW_ORDER.items[2:]],
        "partial",
        (0.6, 0.7),
    ),
    (REVIEW_ORDER, list(reversed(REVIEW_ORDER.items)), "wrong", ZERO),
    (REVIEW_ORDER, list(REVIEW_ORDER.items[:3]), "partial", (0.45, 0.55)),
    (REVIEW_ORDER, "", "wrong", ZERO),
    (LOGIC_ORDER, ["历史逻辑", "理论逻辑", "实践逻辑"], "correct", CORRECT),
    (LOGIC_ORDER, "历史逻辑 理论逻辑 实践逻辑", "correct", CORRECT),
    (LOGIC_ORDER, ["历史逻辑", "理论逻缉", "实践逻辑"], "close", CLOSE),
    (LOGIC_ORDER, ["历史逻辑", "实践逻辑", "理论逻辑"], "partial", (0.5, 0.6)),
    # shifted by one place: two of three still in the right relative order
    (LOGIC_ORDER, ["实践逻辑", "历史逻辑", "理论逻辑"], "partial", (0.5, 0.6)),
    (LOGIC_ORDER, ["实践逻辑", "理论逻辑", "历史逻辑"], "wrong", ZERO),
]


def _case_id(case: tuple[object, object, str, tuple[float, float]]) -> str:
    question, answer, verdict, _ = case
    shown = answer if isinstance(answer, str) else "|".join(answer)  # type: ignore[arg-type]
    return f"{question.id}-{verdict}-{shown[:24]}"  # type: ignore[attr-defined]


def test_the_table_is_large_and_covers_every_type_and_verdict() -> None:
    assert len(CASES) >= 150
    types = {q.type for q, *_ in CASES}  # type: ignore[attr-defined]
    assert types == {"short", "cloze", "list", "choice", "truefalse", "number", "order"}
    assert {verdict for _, _, verdict, _ in CASES} == {"correct", "close", "partial", "wrong"}


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_grade_as_an_examiner_would(case: tuple[object, object, str, tuple[float, float]]) -> None:
    question, answer, verdict, (low, high) = case
    result = grade(question, answer)  # type: ignore[arg-type]
    assert result.verdict == verdict, feedback_text(result)
    assert low <= result.score <= high, feedback_text(result)
    assert result.remembered == (verdict in ("correct", "close"))


SUPERVISION_ROLE = ShortQuestion(
    id="supervision-role", type="short", prompt="p", answer="围绕中心、服务大局"
)
RULE_OF_LAW = ShortQuestion(id="rule-of-law", type="short", prompt="p", answer="法治国家")

MORE_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    (SUPERVISION_ROLE, "服务大局、围绕中心", "partial", (0.55, 0.65)),
    (SUPERVISION_ROLE, "服务大局，围绕中心", "partial", (0.55, 0.65)),
    (SUPERVISION_ROLE, "围绕中心，服务大局", "correct", CORRECT),
    (SUPERVISION_ROLE, "围绕中心、服务全局", "wrong", WRONG),
    (REQUIREMENT_PHRASE, "尽协商之责、聚团结之力、强监督之效、立发展之功", "partial", PARTIAL),
    (RULE_OF_LAW, "法制国家", "wrong", WRONG),
    (RULE_OF_LAW, "法治国家", "correct", CORRECT),
    (LESSONS, "必须切实加强党的全面领导；必须坚持服务大局、围绕中心", "partial", (0.25, 0.35)),
]


@pytest.mark.parametrize("case", MORE_CASES, ids=[_case_id(c) for c in MORE_CASES])
def test_reordered_clauses_and_meaningful_homophones(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    test_grade_as_an_examiner_would(case)


TRAINS = NumberQuestion(
    id="trains", type="number", prompt="2021年国际货运班列开行多少班？", answer=2002, unit="班"
)

NUMBER_AND_SOUND_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    (TRAINS, "2021年开行2002班", "correct", CORRECT),
    (TRAINS, "2002班", "correct", CORRECT),
    (TRAINS, "两千零二班", "correct", CORRECT),
    (TRAINS, "2021年开行2020班", "wrong", ZERO),
    (TRAINS, "2021", "wrong", ZERO),
    (PROPOSALS, "4100件左右", "correct", CORRECT),
    (HUB, "国计花现代花宗合交通物流枢钮", "partial", (0.6, 0.79)),
    (HUB, "国际花现代花综合交通物流枢钮", "close", CLOSE),
    (HUB, "国际化现代化综合交通物流枢钮", "close", CLOSE),
]


@pytest.mark.parametrize(
    "case", NUMBER_AND_SOUND_CASES, ids=[_case_id(c) for c in NUMBER_AND_SOUND_CASES]
)
def test_numbers_from_the_prompt_and_too_many_homophones(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    test_grade_as_an_examiner_would(case)


FLAG_SENTENCE = (
    "市政协及其常委会高举习近平新时代中国特色社会主义思想伟大旗帜，充分发挥专门协商机构作用，"
    "围绕中心、服务大局"
)
SENTENCE_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    (FLAG, FLAG_SENTENCE.replace("旗帜", "旗制").replace("常委会", "常委汇"), "correct", CORRECT),
    (FLAG, FLAG_SENTENCE.replace("专门协商机构", "专门咨询机构"), "partial", (0.6, 0.67)),
    (FLAG, FLAG_SENTENCE.replace("服务大局", "服务大据"), "close", CLOSE),
    (FLAG, FLAG_SENTENCE.replace("市政协及其", ""), "correct", CORRECT),
    (FUNCTIONS, "发挥政协文史资料“存史、资政、团结、育人”的社会功能", "correct", CORRECT),
    (FUNCTIONS, "发挥政协文史资料存史、咨询、团结、育人的社会功能", "wrong", WRONG),
]


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[_case_id(c) for c in SENTENCE_CASES])
def test_cloze_typed_out_as_the_whole_sentence(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    test_grade_as_an_examiner_would(case)


LEAD_IN_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    (LESSONS, "答：" + ALL_FIVE, "correct", CORRECT),
    (
        LESSONS,
        "主要体会有：一是必须切实加强党的全面领导。二是必须坚持围绕中心、服务大局。"
        "三是必须践行全过程人民民主。四是必须更加广泛凝聚共识。五是必须充分发挥委员主体作用。",
        "correct",
        CORRECT,
    ),
    (ORGAN, "答：专门协商机构", "correct", CORRECT),
    (RELATIONS, "政党关系：民族关系", "partial", (0.35, 0.45)),
    (
        RELATIONS,
        "五种关系：政党关系、民族关系、宗教关系、阶层关系、海内外同胞关系",
        "correct",
        CORRECT,
    ),
]


@pytest.mark.parametrize("case", LEAD_IN_CASES, ids=[_case_id(c) for c in LEAD_IN_CASES])
def test_lead_ins_before_the_answer_are_not_items(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    test_grade_as_an_examiner_would(case)


RUN_TOGETHER_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    (FLAG, "习近平新时代中国特色社会主义思想专门协商机构服务大局", "correct", CORRECT),
    (FLAG, "专门协商机构服务大局", "partial", (0.6, 0.7)),
    (LESSON_CLOZE, "更加广泛委员主体", "correct", CORRECT),
    (ARCHIVES, "存史资政团结育人", "correct", CORRECT),
    (ARCHIVES, "存史咨政团结育人", "close", CLOSE),
    (ARCHIVES, "存史存史资政", "partial", (0.3, 0.45)),
    (HIGHLANDS, "创新高地先进制造业高地开放高地人才高地", "correct", CORRECT),
    (RELATIONS, "政党关系民族关系宗教关系阶层关系海内外同胞关系", "correct", CORRECT),
    (
        LESSONS,
        "加强党的全面领导围绕中心服务大局践行全过程人民民主凝聚共识发挥委员主体作用",
        "close",
        CLOSE,
    ),
]


@pytest.mark.parametrize("case", RUN_TOGETHER_CASES, ids=[_case_id(c) for c in RUN_TOGETHER_CASES])
def test_items_typed_without_separators(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    test_grade_as_an_examiner_would(case)


# --------------------------------------------------------------------------- issue #12
# Every case reported in "Grading a learner can trust", labelled as a fair teacher would
# before the checker was changed. Questions mirror the built-in bank's.

REPORT = (
    Path(__file__).resolve().parents[2]
    / "seeds"
    / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt"
).read_text(encoding="utf-8")

PLATFORM_CLOZE = ClozeQuestion(
    id="platform-cloze",
    type="cloze",
    prompt="",
    text="建立各类“有事好商量”平台{{102}}个，开展协商活动{{240余}}次",
    blanks=(("102",), ("240余",)),
)
DESIGN_CLOZE = ClozeQuestion(
    id="design-cloze",
    type="cloze",
    prompt="",
    text="形成综合调研报告{{1}}篇和专题调研报告{{7}}篇。",
    blanks=(("1",), ("7",)),
)
FORMULATIONS_CLOZE = ClozeQuestion(
    id="formulations-cloze",
    type="cloze",
    prompt="",
    text="深刻领悟“{{两个确立}}”的决定性意义，增强“{{四个意识}}”、坚定“{{四个自信}}”、"
    "做到“{{两个维护}}”。",
    blanks=(("两个确立",), ("四个意识",), ("四个自信",), ("两个维护",)),
)
ABBREVIATION_CLOZE = ClozeQuestion(
    id="abbreviation-cloze",
    type="cloze",
    prompt="",
    text="“{{四高地}}、{{一枢纽}}、{{一重地}}、{{一中心}}”",
    blanks=(("四高地",), ("一枢纽",), ("一重地",), ("一中心",)),
)
HEADLINE_CLOZE = ClozeQuestion(
    id="headline-cloze",
    type="cloze",
    prompt="",
    text="协商议政献{{务实}}之策　民主监督尽{{助推}}之力　凝聚共识聚{{奋进}}之能",
    blanks=(("务实",), ("助推",), ("奋进",)),
)
JOINT_FORCE = ListQuestion(
    id="joint-force",
    type="list",
    prompt="系列活动进一步凝聚了怎样的强大合力？",
    items=(("坚定不移听党话",), ("始终不渝跟党走",), ("同心共圆中国梦",)),
    ordered=True,
)
NO_WAVERING = ShortQuestion(
    id="no-wavering", type="short", prompt="第二句是什么？", answer="始终不渝跟党走"
)
MAINTAIN = ShortQuestion(id="maintain", type="short", prompt="做到什么？", answer="“两个维护”")
PARTY_HEADING = ShortQuestion(
    id="party-heading",
    type="short",
    prompt="补全第二部分的小标题：加强政协党的建设，……",
    answer="落实党的全面领导",
)
PARTY_SPIRIT = ShortQuestion(
    id="party-spirit",
    type="short",
    prompt="扎实开展“不忘初心、牢记使命”主题教育、党史学习教育，弘扬了什么精神？",
    answer="伟大建党精神",
)
WHOSE_REPORT = ShortQuestion(
    id="whose-report",
    type="short",
    prompt="这是哪一个机构的工作报告（摘编）？请写出全称。",
    answer="政协郑州市第十四届委员会常务委员会",
)
OPENING_DAY = NumberQuestion(
    id="opening-day", type="number", prompt="会议于1月几日开幕？", answer=3, unit="日"
)
PLENARY = NumberQuestion(
    id="plenary", type="number", prompt="组织召开全体会议多少次？", answer=5, unit="次"
)
SPECIAL_REPORTS = NumberQuestion(
    id="special-reports", type="number", prompt="形成专题调研报告多少篇？", answer=7, unit="篇"
)
TEN = NumberQuestion(id="ten", type="number", prompt="共有几项？", answer=10, unit="项")
TWICE = NumberQuestion(id="twice", type="number", prompt="召开了几次？", answer=2, unit="次")
CENTENARY = NumberQuestion(
    id="centenary",
    type="number",
    prompt="庆祝中国共产党成立多少周年？",
    answer=100,
    unit="周年",
)
SESSIONS_FALSE = TrueFalseQuestion(
    id="sessions-false",
    type="truefalse",
    prompt="1月3日，政协郑州市第十四届委员会第一次会议开幕。",
    answer=False,
)
ARCHIVES_CHOICE = ChoiceQuestion(
    id="archives-choice",
    type="choice",
    prompt="政协文史资料的社会功能有（多选）",
    options=("存史", "育才", "资政", "发展"),
    correct=(0, 2),
    multiple=True,
)
FIVE_RELATIONS_ORDER = OrderQuestion(
    id="five-relations-order",
    type="order",
    prompt="按报告中的顺序排列这五种关系。",
    items=("政党关系", "民族关系", "宗教关系", "阶层关系", "海内外同胞关系"),
)
RELATIONS_TEXT = "、".join(FIVE_RELATIONS_ORDER.items)
INVENTED = "、干群关系、党群关系、军民关系、警民关系、医患关系"
FIVE_MUSTS_CLOZE = ClozeQuestion(
    id="five-musts-cloze",
    type="cloze",
    prompt="",
    text="一是必须切实加强{{党的全面领导}}。二是必须坚持{{围绕中心、服务大局}}。三是必须践行"
    "{{全过程人民民主}}。四是必须更加广泛{{凝聚共识}}。五是必须充分发挥{{委员主体作用}}。",
    blanks=(
        ("党的全面领导",),
        ("围绕中心、服务大局",),
        ("全过程人民民主",),
        ("凝聚共识",),
        ("委员主体作用",),
    ),
)
SESSIONS_CLOZE = ClozeQuestion(
    id="sessions-cloze",
    type="cloze",
    prompt="",
    text="1月3日，政协郑州市{{第十五届}}委员会{{第一次}}会议开幕",
    blanks=(("第十五届",), ("第一次",)),
)
ALL_FIGURES = "5 8 24 4100 4666 16 2002 77.8 25 1 7 102 240 160 29 98 204 100"

ISSUE_CASES: list[tuple[object, object, str, tuple[float, float]]] = [
    # -- too lenient: hedges and dumps
    (PLATFORM_CLOZE, "102 120 240余 204余 98 204", "partial", PARTIAL),
    (PLATFORM_CLOZE, "102 240余", "correct", CORRECT),
    (PLATFORM_CLOZE, REPORT[:1500], "wrong", WRONG),
    (DESIGN_CLOZE, "1 7 25 98 204", "partial", PARTIAL),
    (PROPOSALS, "4100或4000", "partial", PARTIAL),
    (PROPOSALS, ALL_FIGURES, "wrong", WRONG),
    (READINGS, "近100次", "wrong", WRONG),
    (FLAG, REPORT, "wrong", WRONG),
    (FIVE_RELATIONS_ORDER, REPORT, "wrong", WRONG),
    (FIVE_RELATIONS_ORDER, RELATIONS_TEXT + "、干群关系、党群关系", "partial", PARTIAL),
    (RELATIONS, RELATIONS_TEXT + INVENTED, "partial", (0.6, 0.7)),
    (RELATIONS, (RELATIONS_TEXT + INVENTED).replace("、", "，"), "partial", (0.6, 0.7)),
    (RELATIONS, (RELATIONS_TEXT + INVENTED).replace("、", " "), "partial", (0.6, 0.7)),
    (RELATIONS, (RELATIONS_TEXT + INVENTED).replace("、", "；"), "partial", (0.6, 0.7)),
    (RELATIONS, (RELATIONS_TEXT + INVENTED).replace("、", "\n"), "partial", (0.6, 0.7)),
    (NO_WAVERING, "不渝跟党走", "partial", PARTIAL),
    (JOINT_FORCE, "坚定不移听党话、不渝跟党走、同心共圆中国梦", "partial", PARTIAL),
    # -- too strict: notations of a right answer
    (OPENING_DAY, "三日", "correct", CORRECT),
    (OPENING_DAY, "1月3日", "correct", CORRECT),
    (PLENARY, "五次", "correct", CORRECT),
    (SPECIAL_REPORTS, "七篇", "correct", CORRECT),
    (TEN, "十", "correct", CORRECT),
    (TWICE, "两次", "correct", CORRECT),
    (CENTENARY, "百年", "correct", CORRECT),
    (CENTENARY, "一百周年", "correct", CORRECT),
    (FORMULATIONS_CLOZE, "2个确立 4个意识 4个自信 2个维护", "close", CLOSE),
    (MAINTAIN, "做到2个维护", "close", CLOSE),
    (ABBREVIATION_CLOZE, "4高地、1枢纽、1重地、1中心", "close", CLOSE),
    (PARTY_HEADING, "落實黨的全面領導", "correct", CORRECT),
    # a count or an ordinal in digits is the same figure; a set phrase's digit is only close
    (SESSIONS_CLOZE, "第15届 第1次", "correct", CORRECT),
    (SESSIONS_CLOZE, "第十五届 第二次", "partial", PARTIAL),
    (PLATFORM_CLOZE, "102个 240余次", "correct", CORRECT),
    (PLATFORM_CLOZE, ["102个", "240余次"], "correct", CORRECT),
    (HEADLINE_CLOZE, "务实之策 助推之力 奋进之能", "correct", CORRECT),
    (ORGAN_CHOICE, "（B）", "correct", CORRECT),
    (ORGAN_CHOICE, "B选项", "correct", CORRECT),
    (ARCHIVES_CHOICE, "A.存史 C.资政", "correct", CORRECT),
    (ARCHIVES_CHOICE, "B.育才 C.资政", "wrong", ZERO),
    (SESSIONS_FALSE, "错，是第十四届", "correct", CORRECT),
    (SESSIONS_FALSE, "2", "correct", CORRECT),
    (SESSIONS_FALSE, "1", "wrong", ZERO),
    (TRAINS_TRUE, "1", "correct", CORRECT),
    (TRAINS_TRUE, "2", "wrong", ZERO),
    (ORGAN, "专门协商机构😀", "correct", CORRECT),
    (PARTY_SPIRIT, "弘扬了伟大建党精神", "correct", CORRECT),
    (PARTY_SPIRIT, "伟大建党精神👍", "correct", CORRECT),
    (
        FIVE_RELATIONS_ORDER,
        "、".join(FIVE_RELATIONS_ORDER.items[1:] + ("政党关系",)),
        "partial",
        PARTIAL,
    ),
    (FIVE_RELATIONS_ORDER, "、".join(reversed(FIVE_RELATIONS_ORDER.items)), "wrong", ZERO),
    # a score inside its verdict's band: four blanks of five is partial, so below 0.8
    (
        FIVE_MUSTS_CLOZE,
        ["党的全面领导", "围绕中心、服务大局", "全过程人民民主", "凝聚共识", "政协委员作用"],
        "partial",
        (0.6, 0.79),
    ),
    # -- unrelated answers stay wrong
    (WHOSE_REPORT, "郑州市人民政府", "wrong", WRONG),
    (WHOSE_REPORT, "不知道", "wrong", WRONG),
]


@pytest.mark.parametrize("case", ISSUE_CASES, ids=[_case_id(c) for c in ISSUE_CASES])
def test_the_cases_of_issue_12(case: tuple[object, object, str, tuple[float, float]]) -> None:
    test_grade_as_an_examiner_would(case)


BANDS = {"correct": CORRECT, "close": CLOSE, "partial": (0.0, 0.79), "wrong": WRONG}
EVERY_CASE = CASES + MORE_CASES + NUMBER_AND_SOUND_CASES + SENTENCE_CASES + ISSUE_CASES


@pytest.mark.parametrize("case", EVERY_CASE, ids=[_case_id(c) for c in EVERY_CASE])
def test_scores_stay_inside_their_verdicts_band(
    case: tuple[object, object, str, tuple[float, float]],
) -> None:
    result = grade(case[0], case[1])  # type: ignore[arg-type]
    low, high = BANDS[result.verdict]
    assert low <= result.score <= high, feedback_text(result)


FORGIVING = {"grading.note.homophone", "grading.note.filler_dropped", "grading.note.numeral_form"}


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (WHOSE_REPORT, "郑州市人民政府"),
        (WHOSE_REPORT, "不知道"),
        (LESSONS, "发展经济；改善民生；保护环境"),
        (HUB, "国际消费中心城市"),
        (ORGAN, "国家权力机关"),
    ],
)
def test_unrelated_answers_carry_no_forgiving_note(question: object, answer: str) -> None:
    result = grade(question, answer)  # type: ignore[arg-type]
    assert result.verdict == "wrong"
    assert not FORGIVING & set(result.notes)
    assert not any(FORGIVING & set(part.notes) for part in result.parts)


def test_a_unit_added_to_a_right_figure_is_not_called_a_different_number() -> None:
    for question, answer in ((PLATFORM_CLOZE, "102个 240余次"), (PLATFORMS, "102个")):
        result = grade(question, answer)  # type: ignore[arg-type]
        notes = set(result.notes) | {n for p in result.parts for n in p.notes}
        assert "grading.note.number_differs" not in notes


def test_a_figure_diff_shows_whole_figures_and_keeps_the_minus_sign() -> None:
    from trainer.core.grading import render_diff

    assert render_diff(grade(TRAINS, "2021年开行2020班").diff) == "[-2002班-]{+2020班+}"
    assert render_diff(grade(PROPOSALS, "-4100").diff) == "[-4100件-]{+-4100+}"
    assert render_diff(grade(TRAINS, "2021年开行2002班").diff) == "2002班"
