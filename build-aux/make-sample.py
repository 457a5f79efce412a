#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the bundled sample submission and its proof files.

    build-aux/make-sample.py [OUTDIR]      (default: data/samples)

Writes OUTDIR/sample-submission.json (the interchange format of DESIGN.md,
template sh-2025-agi) and OUTDIR/sample-submission/*.{pdf,jpg}, one or more
real files for each of the four proof categories. The unit and every fact
about it are fictional; every generated page carries a "样例" watermark.

Deterministic: no clock, no unseeded randomness, fixed PDF dates, so a
re-run gives the same bytes with the same cairo, Pillow and fonts.
Needs python3-cairo, python3-pil and fonts-noto-cjk (build-aux/install-deps).
"""
import hashlib
import json
import math
import os
import random
import sys

import cairo
from PIL import Image, ImageDraw, ImageFilter, ImageFont

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTDIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "data", "samples")
ATTDIR = os.path.join(OUTDIR, "sample-submission")
FONTDIR = "/usr/share/fonts/opentype/noto"
SC = 2  # face index of Noto * CJK SC in the .ttc files
PDF_DATE = "2025-04-15T10:00:00+08:00"
WATERMARK = "样例文件 · 内容虚构"

# ---------------------------------------------------------------- the unit

UNIT = "上海衡川智能科技有限公司"
UNIT_SHORT = "衡川智能"
USCC_BODY = "91310115MA1HX7Q2"  # Pudong (310115), company (91)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(first8):
    """GB 11714-1997 check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10
    check = 11 - sum(value(c) * w for c, w in zip(first8, weights)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check(first17):
    """GB 32100-2015 check character."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    check = 31 - total % 31
    return USCC_ALPHABET[0 if check == 31 else check]


def make_uscc(body16):
    first17 = body16 + org_check(body16[8:16])
    return first17 + uscc_check(first17)


USCC = make_uscc(USCC_BODY)
assert USCC == "91310115MA1HX7Q25T", USCC

# ---------------------------------------------------------------- 字数

WIDE = ((0x00A4, 0x00A4), (0x00A7, 0x00A8), (0x00B0, 0x00B1), (0x00B7, 0x00B7),
        (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x1100, 0x11FF), (0x2010, 0x2027),
        (0x2030, 0x205E), (0x2100, 0x2BFF), (0x2E80, 0x2FFF), (0x3001, 0x9FFF),
        (0xA000, 0xA4CF), (0xAC00, 0xD7FF), (0xE000, 0xFAFF), (0xFE10, 0xFE1F),
        (0xFE30, 0xFE6F), (0xFF01, 0xFFEF), (0x20000, 0x3FFFF))


def count_chars(text):
    """src/core/sb-text.c's count for plain text without emoji or marks:
    CJK characters and full-width punctuation 1 each, a run of Latin
    letters, digits and ASCII punctuation 1, whitespace nothing."""
    count, in_run = 0, False
    for ch in text:
        c = ord(ch)
        fullwidth_alnum = 0xFF10 <= c <= 0xFF19 or 0xFF21 <= c <= 0xFF3A or 0xFF41 <= c <= 0xFF5A
        if ch.isspace() or c == 0x3000:
            in_run = False
        elif not fullwidth_alnum and any(a <= c <= b for a, b in WIDE):
            count, in_run = count + 1, False
        else:
            count, in_run = count + (not in_run), True
    return count


# ---------------------------------------------------------------- texts

def lines(*paragraphs):
    return "\n".join(paragraphs)


UNIT_INTRO = lines(
    "上海衡川智能科技有限公司成立于2019年6月，注册于上海市浦东新区张江科学城，注册资本5000万元，"
    "是专注于具身智能与科学智能技术研发及产业化的国家高新技术企业。公司主营面向科研实验、精密制造等场景的"
    "智能机器人系统和人工智能科研软件，主要产品有HC-LabBot科研实验机器人、“衡川·灵掌”五指灵巧手和"
    "“衡川·材研”材料科学大模型平台，已在12家高校、科研院所和企业研发中心部署应用。",
    "公司现有员工186人，其中研发人员132人，占比71%，博士28人、硕士76人，核心团队来自国内外知名高校和"
    "科研机构。2024年公司营业收入1.86亿元，研发投入4127万元，占营业收入的22.2%。公司获评上海市企业"
    "技术中心、上海市“专精特新”中小企业，与合作院所共建联合实验室2个。",
    "发展历程方面，公司2020年发布首代实验机器人样机，2021年建成灵巧手中试产线，2022年实现灵巧手批量生产，2023年推出材料科学"
    "大模型，2024年“模型—机器人—实验”闭环自主实验系统在合作院所示范运行，累计完成实验1.3万余次。",
    "创新成果方面，公司累计获得授权发明专利38项、软件著作权46项，参与制定团体标准3项，在CVPR、ICRA、"
    "NeurIPS等国际会议和期刊发表论文27篇，获2024年度上海市人工智能创新应用大赛一等奖（证明材料附后）。",
)

PROJECT_NAME = "面向自主科研实验室的具身智能体与材料科学智能模型协同攻关"

SUMMARY = lines(
    "一、揭榜内容名称。本单位揭榜内容为“面向自主科研实验室的具身智能体与材料科学智能模型协同攻关”，"
    "申报方向1“具身智能”和方向2“科学智能”，两个方向分别提交揭榜任务书。",
    "二、创新性与关键技术突破。当前新材料研发仍以“试错法”为主，周期长、数据分散、结论难以复现；通用"
    "机器人在开放实验环境中对柔性器皿、粉体和液体的精细操作能力不足。本项目以“科学模型提出假设、具身"
    "机器人执行实验、实验数据反哺模型”为主线，拟突破四项关键技术：一是视觉、触觉与语言融合的实验操作"
    "具身大模型，实现移液、称量、研磨、装样等操作的泛化；二是高自由度灵巧手力位混合控制，实现0.1毫克级"
    "粉体称量和易碎器皿的稳定抓取；三是融合第一性原理计算与实验数据的多尺度材料模型，实现预测结果的"
    "不确定性评估和可解释输出；四是面向科研全链条的自主实验Agent，贯通文献检索、方案设计、实验执行和"
    "结果分析。“模型—机器人—实验”一体化的自主实验系统在国内尚属首创。",
    "三、产业应用的显著价值。项目成果可将典型功能材料的配方筛选周期由平均6个月缩短至1个月以内，单次"
    "实验人力投入降低70%以上，可直接服务新能源电池、催化、集成电路材料等"
    "本市重点产业，并可推广至生物医药、精细化工等实验密集型领域，带动实验室智能装备和科研软件的国产化。",
    "四、现有基础和相关进展。公司已研制HC-LabBot实验机器人和“衡川·灵掌”灵巧手，在12家单位部署，"
    "支持32类实验操作，经第三方测试典型任务成功率87.6%；材料科学大模型支持11类性质预测，在公开基准上"
    "的平均预测误差较主流开源模型降低18%；自主实验系统已在合作院所连续运行2000余小时。公司2024年研发"
    "投入4127万元，拥有授权发明专利38项，研发人员132人。",
    "五、2027年预期目标。至2027年底，建成覆盖合成、表征、测试的自主实验示范线3条；具身智能体支持不少于"
    "60类实验操作，典型任务成功率不低于95%；材料科学模型支持不少于20类性质预测，关键性质预测误差较2024年"
    "降低30%；形成高质量材料实验数据集不少于50万条并按规定开放共享；申请发明专利不少于20项，参与制定"
    "标准不少于2项，成果在不少于10家单位推广应用。",
    "六、组织保障。公司成立由法定代表人任组长的揭榜工作领导小组，首席技术官任揭榜负责人，设具身智能和"
    "科学智能两个攻关组；与本市高校和材料研究院所共建联合实验室，明确分工和知识产权归属；实施期内计划"
    "投入研发资金不低于1.2亿元，实行月度进度检查和季度专家评估，确保按期完成揭榜任务。",
)

EMBODIED = {
    "tb_name": "面向科研实验场景的具身智能自主作业系统研发",
    "tb_innovation": lines(
        "本任务属于具身智能方向，聚焦科研实验室这一开放、精细、强约束的作业场景，研发能够理解实验意图、"
        "自主规划并完成实验操作的具身智能系统。其创新性主要体现在三个方面。",
        "一是国内首个面向科研实验操作的具身大模型。现有具身模型主要面向抓取、搬运等日常操作，对移液、"
        "称量、研磨、封装等实验动作缺乏理解。本任务构建视觉、触觉、力觉与语言多模态融合的具身大小脑架构："
        "“大脑”依据实验规程和操作视频进行任务分解与推理，“小脑”负责毫秒级力位控制，突破长时序实验任务"
        "分解与纠错的瓶颈。",
        "二是高精度灵巧操作技术。针对粉体、液体和玻璃器皿等对象，研发具备20个主动自由度和指尖阵列触觉的"
        "灵巧手，攻关力位混合控制和滑移检测，解决“称得准、拿得稳、不打碎”的技术难点。",
        "三是实验场景数据与评测体系。建设覆盖不少于60类实验操作的高质量具身数据集和仿真与实物一体化的"
        "测试评估平台，解决实验场景数据稀缺、评测标准缺失的问题。",
        "拟突破的关键技术包括：多模态实验意图理解、长时序任务规划与异常恢复、基于触觉的精细操作、仿真到"
        "实物的策略迁移。面临的技术难点在于实验对象物理性质差异大、操作容错率低、安全要求高。潜在适用场景"
        "包括高校和科研院所实验室、企业研发中心、第三方检测实验室，以及医药、化工企业的质检实验室。",
    ),
    "tb_value": lines(
        "与现有实验室自动化方案相比，本任务成果在效率、精度、能耗和模式上均有根本性改进。效率方面，传统"
        "自动化工作站需针对每一种实验流程定制硬件和脚本，改造周期通常为3至6个月；具身智能体通过自然语言"
        "和示教即可学习新的实验流程，部署周期缩短至2周以内，单台设备可承担2至3名实验员的重复性工作。"
        "精度方面，灵巧手粉体称量精度达到0.1毫克，移液体积误差小于1%，消除人工操作的个体差异。能耗方面，"
        "通过任务调度与设备协同，单位实验能耗降低20%以上。模式方面，实验由“人做实验、人记数据”转变为"
        "“机器人执行、数据自动归集”，实验全过程可追溯，为科学智能模型持续提供规范的高质量数据。",
        "在技术融合方面，本任务将多模态大模型、具身智能与空间感知深度融合：以三维视觉重建实验台面和器皿"
        "位姿，以语言模型理解实验规程，以触觉和力觉闭环控制操作过程，并与方向2的材料科学模型联动，形成"
        "“模型提出假设—机器人执行验证—数据反哺模型”的闭环。预计到2027年，相关产品在上海及长三角地区"
        "不少于10家单位推广应用，带动实验室智能装备产值超过2亿元。",
    ),
    "tb_foundation": lines(
        "行业地位：公司是国内较早从事科研实验具身智能机器人研发的企业之一，HC-LabBot实验机器人已在12家"
        "高校、科研院所和企业研发中心部署，“衡川·灵掌”灵巧手累计交付600余只。",
        "科研资质：公司为国家高新技术企业（2023年认定）、上海市企业技术中心（2022年认定）、上海市"
        "“专精特新”中小企业，与2家合作院所共建具身智能联合实验室。",
        "技术基础：公司自研具身操作模型、灵巧手本体与驱动控制系统，掌握关节模组、指尖触觉传感器和力位"
        "混合控制等核心技术，建有仿真训练平台和约1200平方米的实验场地，累计采集实验操作数据8.6万条轨迹。",
        "人才与团队：本方向研发团队48人，其中博士11人、硕士26人。揭榜负责人陈思远博士为公司首席技术官，"
        "从事机器人学习与灵巧操作研究15年，曾任海外知名机器人实验室研究员；具身智能方向技术负责人顾承泽"
        "博士长期从事机器人控制研究，主持研制了公司两代灵巧手产品。",
        "创新能力：本方向相关授权发明专利21项、软件著作权18项，在ICRA、IROS、CoRL等会议发表论文12篇，"
        "参与制定团体标准1项。项目团队核心成员参与国家重点研发计划“智能机器人”重点专项课题1项，承担上海市"
        "科技创新行动计划项目3项。",
    ),
    "tb_progress": lines(
        "现有技术水平：国际上，已有研究机构发布了面向化学实验的移动机器人和通用具身模型，在固定流程上实现"
        "了自主实验，但对开放环境和新实验流程的泛化能力有限。公司HC-LabBot目前支持32类实验操作，经第三方"
        "测试，典型实验任务端到端成功率87.6%，灵巧手粉体称量重复性0.5毫克。与国际先进水平相比，公司在"
        "操作种类和可靠性方面处于同一水平，在触觉灵巧操作方面具有特色，在长时序任务泛化和数据规模方面仍有"
        "差距，这正是本任务的攻关重点。",
        "创新及应用情况：自主实验系统已在合作院所连续运行2000余小时，完成实验1.3万余次；实验机器人已在"
        "12家单位用于样品前处理、粉体称量和电化学测试等工作，用户反馈重复性工作人力投入平均降低60%。",
        "相关研发人员：本方向投入研发人员48人，另聘请外部专家4人。",
        "资金投入：2022—2024年本方向累计投入研发资金5380万元，其中2024年投入2350万元，主要用于灵巧手"
        "研制、具身模型训练和数据采集。",
    ),
    "tb_goals": lines(
        "工作原理：系统采用“大脑—小脑—本体”分层架构。“大脑”为多模态具身大模型，输入实验规程文本、三维"
        "视觉和操作历史，输出分解后的子任务序列并在执行中检测异常、重新规划；“小脑”为基于触觉和力觉反馈的"
        "控制策略，以1千赫兹频率闭环调节灵巧手和机械臂的力与位置；本体由双臂、灵巧手和移动底盘组成，在"
        "实验台之间搬运样品并操作仪器。",
        "主要技术指标（至2027年底）：（1）支持实验操作种类不少于60类（现有32类）；（2）典型实验任务"
        "端到端成功率不低于95%（现有87.6%）；（3）灵巧手主动自由度20个，指尖触觉空间分辨率不低于1毫米，"
        "粉体称量精度0.1毫克；（4）新实验流程部署时间不超过2周；（5）连续无人值守运行不少于72小时；"
        "（6）建成实验操作数据集不少于100万条轨迹。",
        "确定依据：指标依据国际同类系统公开数据、对12家用户单位的需求调研和公司现有基础确定。",
        "主要原材料和关键元器件要求：关节模组国产化率不低于80%，六维力传感器精度优于满量程的0.5%，边缘"
        "计算单元算力不低于200 TOPS，与试剂接触的部件采用耐腐蚀材料。",
        "检验方法和测试场景：委托第三方检测机构在无机材料合成、电化学表征、生物样本前处理三类真实实验室"
        "场景中测试，每类场景不少于500次任务，统计成功率、精度和无故障运行时间。",
    ),
    "tb_plan": lines(
        "本任务实施期为2025年6月至2027年12月，分四个阶段推进。",
        "第一阶段（2025年6月—2025年12月）：完成具身大小脑架构设计和第二代灵巧手样机研制；建成仿真训练"
        "环境，数据集达到30万条轨迹；支持实验操作扩展至40类。",
        "第二阶段（2026年1月—2026年6月）：完成触觉灵巧操作和力位混合控制攻关，粉体称量精度达到0.2毫克；"
        "发布具身大模型1.0版本，与方向2自主实验Agent完成接口联调。",
        "第三阶段（2026年7月—2027年6月）：在无机材料合成、电化学表征、生物样本前处理三类场景部署示范线，"
        "支持实验操作达到60类，典型任务成功率达到92%；数据集达到80万条轨迹。",
        "第四阶段（2027年7月—2027年12月）：全面完成技术指标，任务成功率不低于95%，连续无人值守运行不少于"
        "72小时；完成第三方测试，在不少于10家单位推广应用，做好验收准备。",
    ),
    "tb_organization": lines(
        "攻关团队：揭榜负责人陈思远统筹全局，具身智能方向技术负责人顾承泽博士具体负责，下设具身模型组、"
        "灵巧手与控制组、系统集成组和场景验证组，核心成员48人。",
        "组织方式：实行项目经理负责制和里程碑管理，重大技术路线由公司技术委员会决策；与方向2科学智能任务"
        "设立联合工作组，统一调度自主实验示范线。",
        "协调机制：建立周例会、月度进度检查和季度专家评估制度，关键节点邀请外部专家评审；与核心零部件"
        "供应商建立联合攻关机制，保障关节模组和触觉传感器的供货与迭代。",
        "资源条件：公司拥有约1200平方米的机器人研发与实验场地、具身智能训练算力集群和仿真平台；合作院所"
        "提供真实实验场景和实验员示范数据。",
        "协同创新：与2家合作院所共建具身智能联合实验室，双方人员联合攻关、成果共享，按合作协议明确知识"
        "产权归属。",
    ),
    "tb_risks": lines(
        "（一）技术风险：实验对象物理性质差异大，操作策略在新场景中可能失效。应对：采用仿真与实物数据混合"
        "训练，建立失败案例库持续迭代，对高风险操作保留人工确认环节。",
        "（二）安全风险：实验涉及易燃、腐蚀性试剂和玻璃器皿，误操作可能造成安全事故。应对：设置力矩限制、"
        "碰撞检测和安全围栏，危险试剂操作在通风柜内进行，制定应急预案并定期演练。",
        "（三）供应链风险：高精度触觉传感器和关节模组存在供货波动。应对：关键元器件选择两家以上国产供应商，"
        "提前储备备件，同步开展自研替代。",
        "（四）数据与知识产权风险：合作场景数据涉及合作单位研发信息。应对：签订数据使用协议，数据分级管理、"
        "脱敏处理，成果权属事先约定。",
        "（五）进度风险：部分攻关内容可能晚于计划完成。应对：设置里程碑预警，关键任务并行开展并准备备选"
        "技术路线。",
    ),
    "tb_other": "本任务与方向2“科学智能”任务共用自主实验示范线，两项任务的研发经费和人员分别核算，"
                "不重复计列。本任务未获得其他财政资金重复支持。",
}

SCIENCE = {
    "tb_name": "面向新材料研发的科学智能多尺度模型与自主实验Agent研发",
    "tb_innovation": lines(
        "本任务属于科学智能方向，面向新能源电池、催化和半导体等领域的新材料研发需求，攻关多模态数据与"
        "机理融合的材料科学模型，以及面向科研全链条的自主实验Agent。其创新性主要体现在三个方面。",
        "一是机理与数据融合的多尺度材料模型。现有材料人工智能模型多为单一尺度、单一性质的数据驱动模型，"
        "外推能力弱、结论难以解释。本任务将第一性原理计算、分子动力学模拟与实验数据统一表征，构建从原子"
        "尺度到器件尺度的多尺度模型，在预测时同步给出不确定性估计和物理依据，突破“黑箱预测不可信”的瓶颈。",
        "二是融入领域知识的科研大模型。基于通用大语言模型，融入材料领域文献、专利和实验规程知识，实现文献"
        "信息抽取、合成路线推荐和实验方案生成，推理过程可追溯、可核查。",
        "三是面向科研全链条的自主实验Agent。Agent统筹文献检索、假设生成、实验设计、任务下发、结果分析和"
        "模型更新，调度方向1研发的具身智能机器人执行实验，形成计算与实验结合的闭环，属于国内首创。",
        "拟突破的关键技术包括：小样本条件下的多保真度数据融合、基于主动学习的实验设计、可解释的结构与性能"
        "关系挖掘、面向众包协作的材料数据标注与质量控制。面临的技术难点在于实验数据稀缺且噪声大、不同来源"
        "数据口径不一、模型预测与实际合成之间存在差距。潜在适用场景包括锂离子和固态电池材料筛选、电催化剂"
        "设计、光伏与半导体材料研发，以及高校和科研院所的材料计算平台。",
    ),
    "tb_value": lines(
        "效率方面，传统材料研发依赖经验和试错，一个新配方从设计到验证平均需要6个月以上。本任务通过模型"
        "预筛选和主动学习实验设计，将候选材料的实验验证数量减少80%以上，配方筛选周期缩短至1个月以内。"
        "精度方面，多尺度模型对形成能、带隙、离子电导率等关键性质的预测误差较2024年水平降低30%，并为每项"
        "预测给出置信区间，使科研人员能够判断何时需要补充实验。能耗方面，以模型替代大量高通量计算和重复"
        "实验，预计单个研发项目的计算和实验能耗降低40%以上。模式方面，材料研发由“专家经验驱动”转向"
        "“模型与数据驱动、人机协同决策”，实验数据以统一格式自动归档，形成可持续积累的数据资产。",
        "在技术融合方面，本任务融合大语言模型、图神经网络、物理模拟和具身智能：语言模型读懂文献与规程，"
        "图神经网络刻画晶体结构，物理模拟提供机理约束，具身机器人完成实验验证。成果可服务于本市新能源、"
        "集成电路、生物医药等重点产业的研发部门，并通过平台化服务向中小企业开放，降低其使用人工智能开展"
        "材料研发的门槛。",
    ),
    "tb_foundation": lines(
        "行业地位：公司是国内较早将人工智能应用于材料研发的企业之一，“衡川·材研”材料科学大模型平台已"
        "服务7家材料企业和5家科研院所。",
        "科研资质：公司为国家高新技术企业（2023年认定）、上海市企业技术中心（2022年认定）、上海市"
        "“专精特新”中小企业，与合作院所共建智能材料计算联合实验室。",
        "技术基础：公司已建成包含约320万条计算数据和18万条实验数据的材料数据库，自研的晶体图神经网络和"
        "材料领域语言模型已迭代至2.1版本，具备512卡规模的模型训练能力。",
        "人才与团队：本方向研发团队41人，其中博士12人，涵盖计算材料学、机器学习、化学和软件工程等专业。"
        "揭榜负责人陈思远博士长期从事机器人学习与科学计算交叉研究；科学智能方向技术负责人许明哲博士从事"
        "计算材料学研究12年，发表SCI论文40余篇。",
        "创新能力：本方向相关授权发明专利14项、软件著作权22项，在期刊和NeurIPS等会议发表论文15篇，参与"
        "制定团体标准2项。团队核心成员参与国家重点研发计划“材料基因工程关键技术与支撑平台”重点专项课题"
        "1项，承担上海市科技创新行动计划项目2项。",
    ),
    "tb_progress": lines(
        "现有技术水平：国际上，已有研究团队利用深度学习预测了数十万种稳定晶体结构，并与自动化实验室结合"
        "开展材料合成；国内多家机构也发布了材料领域大模型。总体看，国际先进水平在数据规模和自动化实验方面"
        "领先，但普遍存在模型可解释性不足、计算与实验脱节等问题。公司平台目前支持11类性质预测，经第三方"
        "测试，形成能预测平均绝对误差0.041 eV/atom，较主流开源模型平均降低18%，带隙预测平均绝对误差"
        "0.28 eV，与国际先进水平相当；在实验闭环和可解释性方面形成特色，在超大规模数据和多尺度耦合方面"
        "仍需攻关。",
        "创新及应用情况：平台已在7家材料企业用于电池正极材料掺杂改性和催化剂筛选，帮助一家合作企业将"
        "高镍正极材料改性方案的筛选周期由5个月缩短至7周。",
        "相关研发人员：本方向研发人员41人，另聘请外部专家6人。",
        "资金投入：2022—2024年本方向累计投入研发资金3960万元，其中2024年投入1777万元，主要用于数据建设、"
        "算力租用和模型研发。",
    ),
    "tb_goals": lines(
        "工作原理：本任务以“数据—模型—实验”闭环为核心。多尺度材料模型以晶体结构和成分为输入，通过图神经"
        "网络学习原子间相互作用，以第一性原理计算结果和热力学约束作为先验，输出目标性质及其不确定性；科研"
        "大模型从文献和专利中抽取合成条件，生成候选实验方案；自主实验Agent按主动学习策略选择信息量最大的"
        "实验，调度具身智能机器人执行，并用实验结果持续更新模型。",
        "主要技术指标（至2027年底）：（1）支持的材料性质预测类别不少于20类（现有11类）；（2）形成能预测"
        "平均绝对误差不高于0.030 eV/atom，带隙预测平均绝对误差不高于0.20 eV；（3）每项预测给出不确定性"
        "估计，置信区间覆盖率不低于90%；（4）文献合成条件抽取准确率不低于90%；（5）自主实验Agent完成闭环"
        "实验不少于5000次，候选材料实验验证数量减少80%以上；（6）形成高质量材料实验数据集不少于50万条。",
        "确定依据：指标依据国际公开基准的最好水平、合作企业的研发需求调研和公司现有模型的迭代速度确定。",
        "主要原材料和关键元器件要求：训练与推理优先采用国产人工智能算力，训练集群不少于512卡；实验所用"
        "前驱体试剂纯度不低于99.9%；X射线衍射仪、电化学工作站等表征设备定期计量校准。",
        "检验方法和测试场景：预测精度在公开基准和第三方提供的盲测数据集上测试；闭环能力在电池正极材料掺杂"
        "改性、电催化剂筛选两类真实研发场景中测试，由第三方检测机构出具报告。",
    ),
    "tb_plan": lines(
        "本任务实施期为2025年6月至2027年12月，分四个阶段推进。",
        "第一阶段（2025年6月—2025年12月）：完成材料数据库扩容和数据标准制定，建设众包数据标注加工工具，"
        "新增实验数据10万条；完成多尺度模型架构设计，性质预测类别扩展至14类。",
        "第二阶段（2026年1月—2026年6月）：发布“衡川·材研”3.0版本，实现机理约束与不确定性估计；科研大模型"
        "完成领域知识融合，文献抽取准确率达到85%；Agent与具身机器人完成接口联调。",
        "第三阶段（2026年7月—2027年6月）：在电池材料和催化剂两个场景开展闭环自主实验，累计完成3000次；"
        "性质预测类别扩展至20类；数据集规模达到35万条。",
        "第四阶段（2027年7月—2027年12月）：全面完成技术指标，闭环实验累计不少于5000次，数据集达到50万条；"
        "完成第三方测试和用户应用验证，形成标准草案和推广方案，做好验收准备。",
    ),
    "tb_organization": lines(
        "攻关团队：揭榜负责人陈思远统筹，科学智能方向技术负责人许明哲博士具体负责，下设数据组、模型组、"
        "Agent组和应用验证组，核心成员41人。",
        "组织方式：实行项目经理负责制，重大技术路线由公司技术委员会决策；与方向1具身智能任务共用自主实验"
        "示范线，设立联合工作组统一调度实验资源。",
        "协调机制：建立周例会、月度进度检查和季度专家评估制度；邀请合作院所专家组成技术顾问组，对关键节点"
        "进行评审。",
        "资源条件：公司拥有512卡训练集群和约1200平方米实验场地；合作院所提供X射线衍射、电镜等表征平台和"
        "材料合成实验室，合作企业提供真实研发场景和验证数据。",
        "协同创新：与合作院所共建智能材料计算联合实验室，双方人员联合攻关、成果共享；通过众包机制吸纳高校"
        "学生参与数据标注加工，按约定明确知识产权归属。",
    ),
    "tb_risks": lines(
        "（一）数据质量风险：不同来源的实验数据口径不一、噪声较大，可能影响模型精度。应对：制定统一数据"
        "标准和质量评分规则，对关键数据进行重复实验校验，采用对噪声稳健的训练方法。",
        "（二）模型外推风险：模型在新的化学空间中预测可能失准。应对：引入不确定性估计，对高不确定性样本"
        "优先安排实验验证，并以实验结果持续更新模型。",
        "（三）算力供给风险：国产算力在部分算子上性能不足。应对：与算力供应商联合优化算子，同时保留一定"
        "规模的云端算力作为补充。",
        "（四）知识产权与数据安全风险：多方合作涉及数据共享和成果归属。应对：签订合作协议明确权属，数据"
        "分级分类管理，敏感数据不出域，开放数据集发布前进行合规审查。",
        "（五）进度风险：部分任务可能晚于计划完成。应对：设置里程碑和预警机制，关键任务准备备份方案。",
    ),
    "tb_other": "本任务与方向1“具身智能”任务共用自主实验示范线，两项任务的研发经费和人员分别核算，"
                "不重复计列。本任务未获得其他财政资金重复支持。",
}

FIELDS = {
    "directions": ["embodied", "science"],
    "project_name": PROJECT_NAME,
    "unit_name": UNIT,
    "uscc": USCC,
    "unit_address": "上海市浦东新区张衡路1999弄8号5层",
    "mail_address": "上海市浦东新区张衡路1999弄8号5层 科技项目部",
    "postcode": "201203",
    "head_name": "陈思远",
    "head_phone": "021-50891234",
    "head_title": "首席技术官",
    "head_mobile": "13917265408",
    "head_fax": "021-50891235",
    "head_email": "chensy@hengchuan.example.com.cn",
    "contact_name": "周雨桐",
    "contact_phone": "021-50891236",
    "contact_title": "科技项目部经理",
    "contact_mobile": "13761890342",
    "contact_fax": "无",
    "contact_email": "zhouyt@hengchuan.example.com.cn",
    "unit_intro": UNIT_INTRO,
    "summary": SUMMARY,
    "apply_date": "2025-04-22",
    "legal_rep": "林嘉衡",
    "pledge_date": "2025-04-22",
}

# ---------------------------------------------------------------- PDF pages

A4_W, A4_H = 595.276, 841.890  # points
MM = 72 / 25.4
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
NO_LINE_START = "，。、；：？！）》”’」』】…%"


class Pdf:
    """A4 pages drawn with cairo's toy text API, fonts found through
    fontconfig. Only two CJK faces are used (serif regular for text, sans
    bold for headings) and ASCII runs are set in DejaVu, as Chinese
    documents set Latin in a Latin face: cairo 1.16 subsets Noto CJK's
    glyphs but, for some mixes of Latin and Han glyphs, copies the whole
    Han subroutine table (about 850 KB) into the PDF."""

    LATIN = {SERIF: "DejaVu Serif", SANS: "DejaVu Sans"}

    def __init__(self, path, title):
        self.surface = cairo.PDFSurface(path, A4_W, A4_H)
        for key, value in ((cairo.PDFMetadata.TITLE, title),
                           (cairo.PDFMetadata.AUTHOR, UNIT),
                           (cairo.PDFMetadata.CREATOR, "Shenbao make-sample.py"),
                           (cairo.PDFMetadata.CREATE_DATE, PDF_DATE),
                           (cairo.PDFMetadata.MOD_DATE, PDF_DATE)):
            self.surface.set_metadata(key, value)
        self.cr = cairo.Context(self.surface)
        self.page = 0
        self.face = (SERIF, False, 10.5)

    def font(self, size, bold=False, family=SERIF):
        self.face = (family, bold, size)

    def runs(self, s):
        """Splits s into (is_latin, text) runs."""
        out = []
        for ch in s:
            latin = ch.isascii() and ch != " "
            if out and out[-1][0] == latin:
                out[-1][1] += ch
            else:
                out.append([latin, ch])
        return out

    def select(self, latin):
        family, bold, size = self.face
        self.cr.select_font_face(self.LATIN[family] if latin else family, cairo.FONT_SLANT_NORMAL,
                                 cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        self.cr.set_font_size(size)

    def width(self, s):
        w = 0
        for latin, run in self.runs(s):
            self.select(latin)
            w += self.cr.text_extents(run).x_advance
        return w

    def show(self, x, y, s):
        self.cr.move_to(x, y)
        for latin, run in self.runs(s):
            self.select(latin)
            self.cr.show_text(run)

    def text(self, x, y, s, size=10.5, bold=False, family=SERIF, align="left", rgb=(0, 0, 0)):
        self.font(size, bold, family)
        w = self.width(s)
        x = {"left": x, "center": x - w / 2, "right": x - w}[align]
        self.cr.set_source_rgba(*rgb[:3], rgb[3] if len(rgb) > 3 else 1)
        self.show(x, y, s)
        return w

    def heading(self, x, y, s, size=12):
        """A bold heading line below y; returns the y for the text under it."""
        self.text(x, y + 6, s, size, True, SANS)
        return y + 6 + size * 1.7

    def wrap(self, s, width):
        """Breaks between characters, keeps Latin words whole and keeps
        closing punctuation off the start of a line."""
        tokens, word = [], ""
        for ch in s:
            if ch.isascii() and not ch.isspace():
                word += ch
                continue
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        if word:
            tokens.append(word)
        out, line = [], ""
        for tok in tokens:
            if line and self.width(line + tok) > width and tok[0] not in NO_LINE_START:
                out.append(line)
                line = tok.lstrip()
            else:
                line += tok
        return out + [line] if line else out

    def para(self, x, y, width, s, size=10.5, leading=1.75, indent=2):
        self.font(size)
        self.cr.set_source_rgb(0, 0, 0)
        for line in self.wrap("\u3000" * indent + s, width):
            self.show(x, y, line)
            y += size * leading
        return y

    def table(self, x, y, widths, rows, size=9, pad=4, header=True, aligns=None):
        """Rows of cell strings; cells wrap; returns the y below the table.
        A header row is set in sans bold and centred."""
        aligns = aligns or ["left"] * len(widths)
        self.cr.set_line_width(0.6)
        self.cr.set_source_rgb(0, 0, 0)
        for r, row in enumerate(rows):
            head = header and r == 0
            self.font(size, head, SANS if head else SERIF)
            cells = [self.wrap(c, w - 2 * pad) for c, w in zip(row, widths)]
            height = max(len(c) for c in cells) * size * 1.45 + 2 * pad
            cx = x
            for lines_, w, align in zip(cells, widths, aligns):
                self.cr.rectangle(cx, y, w, height)
                self.cr.stroke()
                ty = y + pad + size
                for line in lines_:
                    lw = self.width(line)
                    tx = {"left": cx + pad, "center": cx + (w - lw) / 2,
                          "right": cx + w - pad - lw}["center" if head else align]
                    self.show(tx, ty, line)
                    ty += size * 1.45
                cx += w
            y += height
        return y

    def stamp(self, cx, cy, r=36, label="样例章"):
        """A red circle where a real seal would be; deliberately not a seal."""
        cr = self.cr
        cr.set_source_rgba(0.85, 0.1, 0.1, 0.75)
        cr.set_line_width(2.2)
        cr.new_path()
        cr.arc(cx, cy, r, 0, 2 * math.pi)
        cr.stroke()
        self.text(cx, cy + 5, label, 13, True, SANS, "center", (0.85, 0.1, 0.1))

    def watermark(self):
        cr = self.cr
        cr.save()
        cr.translate(A4_W / 2, A4_H / 2)
        cr.rotate(-math.pi / 6)
        self.text(0, 0, WATERMARK, 40, True, SANS, "center", (0.5, 0.5, 0.5, 0.22))
        cr.restore()

    def footer(self, s):
        self.text(A4_W / 2, A4_H - 16 * MM, s, 9, align="center")

    def show_page(self, footer=None):
        self.page += 1
        self.watermark()
        if footer:
            self.footer(footer.format(page=self.page))
        self.cr.show_page()

    def close(self):
        self.surface.finish()


LEFT = 25 * MM
RIGHT = A4_W - 25 * MM
BODY_W = RIGHT - LEFT


def yuan(v):
    return f"{v:,.2f}"


def make_financial(path):
    pdf = Pdf(path, "2024年度财务审计报告（节选）")
    # Page 1: the auditor's opinion.
    pdf.text(A4_W / 2, 40 * MM, "审 计 报 告", 22, True, SANS, "center")
    pdf.text(A4_W / 2, 50 * MM, "沪明审字（2025）第0318号", 10.5, align="center")
    y = pdf.para(LEFT, 64 * MM, BODY_W, f"{UNIT}全体股东：", indent=0)
    y = pdf.heading(LEFT, y, "一、审计意见")
    y = pdf.para(LEFT, y, BODY_W,
                 f"我们审计了{UNIT}（以下简称{UNIT_SHORT}）财务报表，包括2024年12月31日的资产负债表，"
                 "2024年度的利润表、现金流量表、所有者权益变动表以及相关财务报表附注。")
    y = pdf.para(LEFT, y, BODY_W,
                 f"我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了{UNIT_SHORT}"
                 "2024年12月31日的财务状况以及2024年度的经营成果和现金流量。")
    y = pdf.heading(LEFT, y, "二、形成审计意见的基础")
    y = pdf.para(LEFT, y, BODY_W,
                 "我们按照中国注册会计师审计准则的规定执行了审计工作。审计报告的“注册会计师对财务报表审计的"
                 f"责任”部分进一步阐述了我们在这些准则下的责任。按照中国注册会计师职业道德守则，我们独立于"
                 f"{UNIT_SHORT}，并履行了职业道德方面的其他责任。我们相信，我们获取的审计证据是充分、适当的，"
                 "为发表审计意见提供了基础。")
    y = pdf.heading(LEFT, y, "三、研发投入情况说明")
    y = pdf.para(LEFT, y, BODY_W,
                 f"{UNIT_SHORT}2024年度研发费用为人民币41,270,385.73元，占营业收入的22.18%，研发费用明细见"
                 "本报告附表。研发费用已按照《企业会计准则》及相关规定进行归集和核算。")
    pdf.text(LEFT, 222 * MM, "上海明审会计师事务所有限公司（样例）", 10.5)
    pdf.text(RIGHT, 222 * MM, "中国注册会计师：", 10.5, align="right")
    pdf.text(LEFT, 232 * MM, "中国·上海", 10.5)
    pdf.text(RIGHT, 232 * MM, "二〇二五年三月十八日", 10.5, align="right")
    pdf.stamp(LEFT + 40 * MM, 212 * MM)
    pdf.show_page("第 {page} 页，共 2 页")

    # Page 2: the income statement and the R&D breakdown.
    pdf.text(A4_W / 2, 30 * MM, "利 润 表", 18, True, SANS, "center")
    pdf.text(LEFT, 40 * MM, f"编制单位：{UNIT}", 9.5)
    pdf.text(RIGHT, 40 * MM, "2024年度　　单位：人民币元", 9.5, align="right")
    items = [
        ("一、营业收入", 186032457.61, 121480226.35),
        ("减：营业成本", 98417330.12, 66903115.40),
        ("　　税金及附加", 1126540.22, 802331.57),
        ("　　销售费用", 14208661.95, 10117402.88),
        ("　　管理费用", 16377904.46, 13259886.02),
        ("　　研发费用", 41270385.73, 30502117.64),
        ("　　财务费用", -612308.14, -388420.19),
        ("加：其他收益", 6850000.00, 4200000.00),
    ]
    profit = [items[0][i] - sum(v[i] for v in items[1:7]) + items[7][i] for i in (1, 2)]
    tax = [round(p * 0.15 * 0.4, 2) for p in profit]  # 15% high-tech rate after R&D super deduction
    rows = [("项　目", "本期金额", "上期金额")]
    rows += [(n, yuan(a), yuan(b)) for n, a, b in items]
    rows += [("二、营业利润", yuan(profit[0]), yuan(profit[1])),
             ("减：所得税费用", yuan(tax[0]), yuan(tax[1])),
             ("三、净利润", yuan(profit[0] - tax[0]), yuan(profit[1] - tax[1]))]
    y = pdf.table(LEFT, 44 * MM, [BODY_W * 0.44, BODY_W * 0.28, BODY_W * 0.28], rows,
                  aligns=["left", "right", "right"])
    pdf.text(A4_W / 2, y + 14 * MM, "附表：2024年度研发费用明细", 13, True, SANS, "center")
    rd = [("人员人工费用", 26418203.50), ("直接投入费用", 6125774.18),
          ("折旧与摊销", 3906512.40), ("委托外部研究开发费用", 2800000.00),
          ("其他相关费用", 2019895.65)]
    total = round(sum(v for _, v in rd), 2)
    assert total == items[5][1], total
    rows = [("费用项目", "金额（元）", "占比")]
    rows += [(n, yuan(v), f"{v / total:.1%}") for n, v in rd]
    rows += [("合　计", yuan(total), "100.0%")]
    y = pdf.table(LEFT, y + 20 * MM, [BODY_W * 0.44, BODY_W * 0.32, BODY_W * 0.24], rows,
                  aligns=["left", "right", "right"])
    pdf.text(LEFT, y + 10 * MM, "单位负责人：林嘉衡　　　主管会计工作负责人：　　　　　会计机构负责人：", 9.5)
    pdf.show_page("第 {page} 页，共 2 页")
    pdf.close()


def cn_patent_check(digits12):
    """The check digit after the dot in a Chinese application number."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    r = sum(int(d) * w for d, w in zip(digits12, weights)) % 11
    return "X" if r == 10 else str(r)


def patent_number(year, kind, serial):
    digits = f"{year}{kind}{serial:07d}"
    return f"ZL {year} {kind} {serial:07d}.{cn_patent_check(digits)}"


def make_ip_list(path):
    rng = random.Random(20250415)
    pdf = Pdf(path, "知识产权及创新成果清单")
    pdf.text(A4_W / 2, 30 * MM, "知识产权及创新成果清单", 18, True, SANS, "center")
    pdf.text(A4_W / 2, 38 * MM, f"权利人：{UNIT}　　统计截止：2025年3月31日", 9.5, align="center")
    patents = [
        ("一种用于实验室粉体称量的灵巧手触觉闭环控制方法", 2021, "2022-09-16"),
        ("基于多模态大模型的实验操作任务分解方法及系统", 2022, "2023-06-02"),
        ("一种腱绳驱动的五指灵巧手及其关节模组", 2021, "2022-12-27"),
        ("一种易碎器皿抓取的滑移检测方法及装置", 2022, "2023-08-15"),
        ("基于图神经网络的晶体材料性质预测方法", 2022, "2023-11-03"),
        ("一种融合不确定性估计的材料主动学习实验设计方法", 2023, "2024-04-19"),
        ("面向自主实验的机器人与实验仪器协同调度方法", 2023, "2024-07-30"),
        ("一种从科技文献中抽取材料合成条件的方法及电子设备", 2023, "2024-10-11"),
    ]
    rows = [("序号", "发明名称", "专利号", "授权公告日")]
    for i, (name, year, day) in enumerate(patents, 1):
        rows.append((str(i), name, patent_number(year, 1, rng.randrange(100000, 1600000)), day))
    pdf.text(LEFT, 50 * MM, "一、授权发明专利（节选，共38项）", 12, True, SANS)
    y = pdf.table(LEFT, 54 * MM, [BODY_W * 0.08, BODY_W * 0.50, BODY_W * 0.25, BODY_W * 0.17], rows,
                  aligns=["center", "left", "left", "center"])
    softwares = [
        ("HC-LabBot实验机器人任务编排软件V2.0", "2023-03-08"),
        ("衡川灵掌灵巧手驱动控制软件V1.3", "2023-05-22"),
        ("衡川材研材料性质预测平台V2.1", "2024-09-06"),
        ("自主实验数据归集与追溯系统V1.0", "2024-11-18"),
    ]
    rows = [("序号", "软件名称", "登记号", "登记日期")]
    for i, (name, day) in enumerate(softwares, 1):
        rows.append((str(i), name, f"{day[:4]}SR{rng.randrange(100000, 2000000):07d}", day))
    pdf.text(LEFT, y + 12 * MM, "二、计算机软件著作权（节选，共46项）", 12, True, SANS)
    y = pdf.table(LEFT, y + 16 * MM, [BODY_W * 0.08, BODY_W * 0.50, BODY_W * 0.25, BODY_W * 0.17], rows,
                  aligns=["center", "left", "left", "center"])
    pdf.text(LEFT, y + 12 * MM, "三、标准、论文与奖励（节选）", 12, True, SANS)
    items = [
        "1. 参与制定团体标准《实验室服务机器人 通用技术要求》（2024年发布），本单位为第三起草单位。",
        "2. 参与制定团体标准《材料数据 人工智能训练数据集质量要求》（2024年发布）。",
        "3. 论文：面向实验操作的触觉灵巧手力位混合控制，ICRA 2024（第一作者单位）。",
        "4. 论文：融合不确定性的多保真度材料性质预测，NeurIPS 2024 AI for Science Workshop。",
        "5. 2024年度上海市人工智能创新应用大赛一等奖（“模型—机器人—实验”闭环自主实验系统）。",
    ]
    y += 18 * MM
    for item in items:
        y = pdf.para(LEFT, y, BODY_W, item, 9.5, 1.6, indent=0)
    pdf.text(RIGHT, y + 10 * MM, f"{UNIT}（盖章）", 10.5, align="right")
    pdf.text(RIGHT, y + 18 * MM, "2025年4月", 10.5, align="right")
    pdf.stamp(RIGHT - 30 * MM, y + 12 * MM)
    pdf.show_page()
    pdf.close()


def make_test_report(path):
    pdf = Pdf(path, "第三方检测报告 ZCWL-2025-AI-0087")
    lab = "上海智测未来检测技术有限公司（样例）"
    pdf.text(A4_W / 2, 45 * MM, "检 测 报 告", 28, True, SANS, "center")
    pdf.text(A4_W / 2, 58 * MM, "报告编号：ZCWL-2025-AI-0087", 11, align="center")
    rows = [
        ("样品名称", "HC-LabBot科研实验具身智能机器人系统；衡川·材研材料科学大模型V2.1"),
        ("委托单位", UNIT),
        ("检测类别", "委托检测"),
        ("检测依据", "委托方提供的技术要求；实验室服务机器人通用技术要求；材料性质预测公开基准"),
        ("检测地点", "委托单位实验场地（上海市浦东新区）及本机构实验室"),
        ("检测日期", "2025年3月3日至2025年3月21日"),
    ]
    pdf.table(LEFT + 10 * MM, 80 * MM, [BODY_W * 0.22, BODY_W * 0.70], rows, 10.5, 7,
              header=False, aligns=["center", "left"])
    pdf.text(A4_W / 2, 200 * MM, lab, 14, True, SANS, "center")
    pdf.text(A4_W / 2, 210 * MM, "二〇二五年三月二十八日", 12, align="center")
    pdf.stamp(A4_W / 2 + 45 * MM, 203 * MM)
    pdf.show_page("报告编号：ZCWL-2025-AI-0087　　第 {page} 页，共 2 页")

    pdf.text(A4_W / 2, 30 * MM, "检测结果", 16, True, SANS, "center")
    rows = [
        ("序号", "检测项目", "检测方法", "检测结果"),
        ("1", "支持的实验操作种类", "按委托方操作清单逐项演示", "32类"),
        ("2", "典型实验任务端到端成功率", "粉体称量—溶解—移液—封装流程，500次", "87.6%（438/500）"),
        ("3", "粉体称量重复性", "目标10.0 mg，连续称量30次，计算标准偏差", "0.5 mg"),
        ("4", "移液体积相对误差", "1.000 mL，称重法，20次", "≤1.8%"),
        ("5", "连续无故障运行时间", "24 h连续运行，记录故障次数", "24 h，无故障"),
        ("6", "形成能预测平均绝对误差", "公开基准测试集，132,752个结构", "0.041 eV/atom"),
        ("7", "带隙预测平均绝对误差", "公开基准测试集，4,604个结构", "0.28 eV"),
        ("8", "单次性质预测时延", "单卡推理，1,000次取中位数", "0.18 s"),
    ]
    y = pdf.table(LEFT, 38 * MM, [BODY_W * 0.08, BODY_W * 0.30, BODY_W * 0.40, BODY_W * 0.22], rows,
                  aligns=["center", "left", "left", "center"])
    y = pdf.para(LEFT, y + 10 * MM, BODY_W,
                 "检测结论：经检测，委托样品在上述检测项目中的结果如表所列。本报告仅对本次检测的样品和"
                 "检测条件负责。未经本机构书面批准，不得部分复制本报告。", 10.5)
    pdf.text(LEFT, y + 12 * MM, "编制：　　　　　　审核：　　　　　　批准：", 10.5)
    pdf.show_page("报告编号：ZCWL-2025-AI-0087　　第 {page} 页，共 2 页")
    pdf.close()


# ---------------------------------------------------------------- JPEG scan

def make_certificate(path, dpi=150):
    """A scanned-looking certificate: cream paper, a slight tilt, blur."""
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    px = lambda mm: round(mm / 25.4 * dpi)
    font = lambda size_pt, name="NotoSerifCJK-Regular": ImageFont.truetype(
        os.path.join(FONTDIR, name + ".ttc"), round(size_pt / 72 * dpi), index=SC)
    img = Image.new("RGB", (w, h), (250, 246, 236))
    d = ImageDraw.Draw(img)
    gold = (176, 134, 58)
    d.rectangle([px(12), px(12), w - px(12), h - px(12)], outline=gold, width=px(2.2))
    d.rectangle([px(16), px(16), w - px(16), h - px(16)], outline=gold, width=px(0.6))
    d.text((w / 2, px(55)), "高新技术企业证书", font=font(36, "NotoSerifCJK-Bold"),
           fill=(150, 28, 28), anchor="mm")
    rows = [("企业名称", UNIT), ("证书编号", "GR202331004417"),
            ("发证时间", "2023年12月12日"), ("有 效 期", "三年")]
    y = px(100)
    for label, value in rows:
        d.text((px(40), y), label + "：", font=font(16), fill=(30, 30, 30), anchor="lm")
        d.text((px(78), y), value, font=font(16), fill=(30, 30, 30), anchor="lm")
        y += px(20)
    authorities = ["上海市科学技术委员会", "上海市财政局", "国家税务总局上海市税务局"]
    for i, name in enumerate(authorities):
        cx = px(45 + 60 * i)
        d.text((cx, px(228)), name, font=font(11), fill=(30, 30, 30), anchor="mm")
        d.ellipse([cx - px(17), px(205) - px(17), cx + px(17), px(205) + px(17)],
                  outline=(205, 40, 40), width=px(0.8))
        d.text((cx, px(205)), "样例章", font=font(12, "NotoSansCJK-Bold"), fill=(205, 40, 40),
               anchor="mm")
    mark = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mark).text((w / 2, h / 2), WATERMARK, font=font(44, "NotoSansCJK-Bold"),
                              fill=70, anchor="mm")
    mark = mark.rotate(30, resample=Image.BICUBIC)
    img.paste((150, 150, 150), mask=mark)
    # Scanner look: a fixed 0.4° tilt on a white bed, then a light blur.
    img = img.rotate(0.4, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img.save(path, "JPEG", quality=60, optimize=True, dpi=(dpi, dpi))


# ---------------------------------------------------------------- output

ATTACHMENTS = [
    ("rd-investment", "financial-audit-2024.pdf", "2024年度财务审计报告（节选）", make_financial),
    ("qualification", "high-tech-enterprise-certificate.jpg", "高新技术企业证书", make_certificate),
    ("innovation", "ip-list.pdf", "知识产权及创新成果清单", make_ip_list),
    ("performance", "test-report-ZCWL-2025-AI-0087.pdf", "第三方检测报告（ZCWL-2025-AI-0087）",
     make_test_report),
]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_limits():
    intro, summary = count_chars(UNIT_INTRO), count_chars(SUMMARY)
    assert 480 <= intro <= 498, f"单位简介 {intro} 字"
    assert 960 <= summary <= 998, f"揭榜内容概述 {summary} 字"
    return intro, summary


def main():
    intro, summary = check_limits()
    os.makedirs(ATTDIR, exist_ok=True)
    attachments = []
    for category, name, title, make in ATTACHMENTS:
        path = os.path.join(ATTDIR, name)
        make(path)
        attachments.append({"category": category, "name": name,
                            "sha256": sha256(path), "title": title})
    doc = {
        "format": "shenbao-submission",
        "version": 1,
        "template": "sh-2025-agi",
        "fields": FIELDS,
        "taskbooks": [{"direction": "embodied", "fields": EMBODIED},
                      {"direction": "science", "fields": SCIENCE}],
        "attachments": attachments,
    }
    with open(os.path.join(OUTDIR, "sample-submission.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    size = sum(os.path.getsize(os.path.join(ATTDIR, a["name"])) for a in attachments)
    print(f"单位简介 {intro} 字, 揭榜内容概述 {summary} 字, {len(attachments)} attachments, "
          f"{size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
