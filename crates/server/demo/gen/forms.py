#!/usr/bin/env python3
"""Writes the demo forms added with the life-event catalogue (demo/forms/*.json).

The four original forms are hand-written; these follow one pattern: who applies, what the
government cannot already know, the materials (attachments, optional: most come from e-licences),
and a mobile for progress messages. Run from crates/server: python3 demo/gen/forms.py
"""
import json, pathlib

TR = "http://hl7.org/fhir/StructureDefinition/translation"
EXT = "https://bianmin.example/fhir/StructureDefinition/"
FORMAT = "http://hl7.org/fhir/StructureDefinition/entryFormat"

def tr(en):
    return {"extension": [{"url": TR, "extension": [{"url": "lang", "valueCode": "en-US"}, {"url": "content", "valueString": en}]}]}

def q(link, zh, en, kind, required=True, hint=None, validator=None, prefill=None, width=None, material=None, options=None, enable=None, max_length=None, minv=None, maxv=None):
    item = {"linkId": link, "text": zh, "_text": tr(en), "type": kind}
    if kind != "display" and kind != "group":
        item["required"] = required
    if max_length:
        item["maxLength"] = max_length
    if options:
        item["answerOption"] = [{"valueCoding": {"code": c, "display": z, "_display": tr(e)}} for c, z, e in options]
    if enable:
        item["enableWhen"] = enable
    ext = []
    if hint:
        ext.append({"url": FORMAT, "valueString": hint[0], "extension": tr(hint[1])["extension"]})
    if validator:
        ext.append({"url": EXT + "validator", "valueCode": validator})
    if minv is not None:
        ext.append({"url": "http://hl7.org/fhir/StructureDefinition/minValue", **minv})
    if maxv is not None:
        ext.append({"url": "http://hl7.org/fhir/StructureDefinition/maxValue", **maxv})
    if width:
        ext.append({"url": EXT + "width", "valueInteger": width})
    if prefill:
        ext.append({"url": EXT + "prefill", "valueCode": prefill})
    if material:
        ext.append({"url": EXT + "material", "valueCode": material})
    if ext:
        item["extension"] = ext
    return item

def applicant(who_zh="申请人", who_en="Applicant"):
    return [
        q("applicant-name", f"{who_zh}的姓名", f"{who_en}'s full name", "string", hint=("与身份证上的姓名一致", "As written on the resident ID card"), validator="chinese-name", prefill="name", width=20, max_length=30),
        q("applicant-id-number", f"{who_zh}的公民身份号码", f"{who_en}'s resident ID number", "string", hint=("18 位，在身份证背面", "18 characters, on the back of the ID card"), validator="resident-id", prefill="idNumber", width=20),
    ]

def mobile():
    return q("contact-mobile", "联系手机号码", "Mobile number for progress messages", "string", hint=("办理进度会发短信到这个号码", "We text the progress of your case to this number"), validator="mobile", prefill="mobile", width=13)

def address(link="address", zh="现在的居住地址", en="Your current address"):
    return q(link, zh, en, "text", hint=("写到门牌号", "Down to the flat number"), prefill="address", max_length=200)

def attach(link, material, zh, en):
    return q(link, zh, en, "attachment", required=False, material=material,
             hint=("已有电子证照的不用上传", "No upload needed if you have the e-licence"))

def deceased():
    return [
        q("deceased-name", "逝者的姓名", "Full name of the person who died", "string", validator="chinese-name", width=20, max_length=30),
        q("deceased-id-number", "逝者的公民身份号码", "Resident ID number of the person who died", "string", validator="resident-id", width=20),
        q("date-of-death", "去世的日期", "Date of death", "date", hint=("例如 2024 年 3 月 27 日", "For example, 27 3 2024"), minv={"valueDate": "2000-01-01"}),
    ]

def relationship():
    return q("relationship", "您和逝者是什么关系？", "How were you related to the person who died?", "choice", options=[
        ("spouse", "配偶", "Husband or wife"), ("child", "子女", "Son or daughter"), ("parent", "父母", "Parent"), ("other", "其他亲属", "Other relative")])

FORMS = {
    "disability-certificate": ("残疾人证办理", "Disability certificate", applicant() + [
        q("disability-category", "主要是哪一类残疾？", "What is the main kind of disability?", "choice", options=[
            ("vision", "视力残疾", "Vision"), ("hearing", "听力残疾", "Hearing"), ("speech", "言语残疾", "Speech"),
            ("physical", "肢体残疾", "Physical"), ("intellectual", "智力残疾", "Intellectual"), ("mental", "精神残疾", "Mental")]),
        q("needs-home-assessment", "残疾评定需要上门吗？", "Does the assessment need to come to your home?", "boolean",
          hint=("行动不便的，评定医生可以上门", "If it is hard for you to travel, the doctor can come to you")),
        address("assessment-address", "上门评定的地址", "Address for the home assessment"),
        attach("photo", "photo-1inch", "近期一寸免冠照片", "A recent one-inch photo"),
        attach("medical-records", "medical-records", "病历或诊断证明（可以不传）", "Medical records or a diagnosis (optional)"),
        mobile()]),
    "accessibility-adaptation": ("居家适老化改造申请", "Home adaptation for older people", applicant() + [
        q("household-type", "家里是哪种情况？", "Which describes the household?", "choice", options=[
            ("low-income", "低保或特困家庭", "Minimum living allowance or extreme poverty"),
            ("disabled", "有残疾人的家庭", "Someone in the household has a disability"),
            ("living-alone", "独居或空巢老人", "Living alone, or only older people at home"),
            ("other", "其他", "Other")]),
        q("adaptations", "需要改造哪些地方？", "What should be adapted?", "choice", hint=("可以选择多项", "You can choose more than one"), options=[
            ("grab-bars", "卫生间扶手", "Grab bars in the bathroom"), ("non-slip", "防滑地面", "Non-slip floors"),
            ("ramp", "门口坡道", "A ramp at the door"), ("alarm", "紧急呼叫器", "An emergency call button"),
            ("lighting", "夜间照明", "Night lighting")]),
        address(),
        attach("home-photos", "home-photos", "需要改造地方的照片（可以不传）", "Photos of what needs adapting (optional)"),
        mobile()]),
    "pension-claim": ("城乡居民养老保险待遇领取", "Claiming the residents' basic pension", applicant() + [
        q("bank-account-own", "养老金打到您本人的社保卡里吗？", "Should the pension be paid to your own social security card?", "boolean"),
        q("bank-account", "收款的银行账号", "The bank account to be paid into", "string", enable=[{"question": "bank-account-own", "operator": "=", "answerBoolean": False}], width=24, max_length=30),
        attach("account-proof", "bank-card", "银行卡或存折的照片", "A photo of the bank card or passbook"),
        mobile()]),
    "resident-medical-insurance": ("城乡居民基本医疗保险参保登记", "Residents' basic medical insurance registration", applicant() + [
        q("insured-before", "以前在别的地方参过医保吗？", "Have you had medical insurance somewhere else?", "boolean"),
        q("previous-place", "以前在哪里参保？", "Where were you insured before?", "string", enable=[{"question": "insured-before", "operator": "=", "answerBoolean": True}], max_length=60, width=30),
        address(), mobile()]),
    "medical-care-elsewhere": ("异地就医备案", "Registering for medical care in another city", applicant() + [
        q("reason", "为什么要在外地就医？", "Why will you be treated in another city?", "choice", options=[
            ("moved", "长期住在外地（异地安置）", "You live there now"), ("retired-elsewhere", "退休后到外地居住", "You retired there"),
            ("referral", "医院转诊", "A hospital referred you"), ("temporary", "临时外出就医", "A short stay")]),
        q("destination-city", "要去哪个城市就医？", "In which city?", "string", max_length=30, width=20),
        q("start-date", "从哪天开始？", "From which date?", "date", hint=("例如 2025 年 3 月 1 日", "For example, 1 3 2025")),
        mobile()]),
    "residence-permit": ("居住证申领", "Residence permit", applicant() + [
        address("new-address", "新的居住地址", "Your new address"),
        q("moved-on", "哪天搬过来的？", "When did you move in?", "date", hint=("例如 2025 年 3 月 1 日", "For example, 1 3 2025")),
        q("housing", "住的是什么房子？", "What kind of home is it?", "choice", options=[
            ("own", "自己的房子", "Your own home"), ("rent", "租的房子", "Rented"), ("family", "亲友的房子", "A relative's or friend's home")]),
        attach("tenancy", "tenancy-contract", "租房合同（租房的才需要）", "Tenancy agreement (only if rented)"),
        mobile()]),
    "household-transfer": ("户口迁移", "Moving your household registration", applicant() + [
        address("new-address", "迁入的地址", "The address you move your registration to"),
        q("family-members", "一起迁移的家人有几位？", "How many family members move with you?", "integer", hint=("只有自己就填 0", "0 if only you"), minv={"valueInteger": 0}, maxv={"valueInteger": 20}, width=3),
        attach("property-deed", "property-certificate", "房产证明", "Proof of the home"),
        mobile()]),
    "funeral-subsidy": ("基本殡葬服务费用减免", "Basic funeral services subsidy", deceased() + applicant("您（经办人）", "Your (the family contact)") + [
        relationship(),
        q("funeral-home", "在哪个殡仪馆办理？", "Which funeral home?", "string", max_length=60, width=30),
        mobile()]),
    "survivor-pension": ("丧葬补助金和抚恤金领取", "Funeral grant and survivor's pension", deceased() + applicant("您（领取人）", "Your (the claimant)") + [
        relationship(),
        q("dependants", "逝者生前供养的亲属有几位？", "How many relatives did the person support?", "integer", minv={"valueInteger": 0}, maxv={"valueInteger": 20}, width=3),
        q("bank-account", "收款的银行账号", "The bank account to be paid into", "string", width=24, max_length=30),
        mobile()]),
    "death-registration": ("户口注销（死亡）", "Deregistering the household registration of a person who died", deceased() + applicant("您（经办人）", "Your (the family contact)") + [
        relationship(),
        attach("death-certificate", "death-certificate", "死亡医学证明（医院开具的可以不传）", "Medical certificate of death (no upload if issued by a hospital)"),
        mobile()]),
    "minimum-living-allowance": ("最低生活保障申请", "Minimum living allowance", applicant() + [
        q("household-size", "家里一起生活的有几口人？", "How many people live in the household?", "integer", hint=("包括您自己", "Including you"), minv={"valueInteger": 1}, maxv={"valueInteger": 30}, width=3),
        q("monthly-income", "全家每月收入大约多少元？", "About how much does the household earn a month, in yuan?", "decimal", minv={"valueDecimal": 0}, width=10),
        q("has-disabled-member", "家里有残疾人或重病的人吗？", "Does anyone at home have a disability or a serious illness?", "boolean"),
        address(), mobile()]),
}

out = pathlib.Path(__file__).resolve().parent.parent / "forms"
for fid, (zh, en, items) in FORMS.items():
    doc = {"resourceType": "Questionnaire", "url": f"https://forms.bianmin.example/Questionnaire/{fid}",
           "version": "1.0.0", "title": zh, "_title": tr(en), "status": "active", "item": items}
    (out / f"{fid}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
print(len(FORMS), "forms")
