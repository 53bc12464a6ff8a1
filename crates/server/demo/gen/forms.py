#!/usr/bin/env python3
"""Writes the generated demo forms (demo/forms/*.json).

elderly-allowance and disability-subsidy are hand-written (the end-to-end tests walk them); the
others follow one pattern: who applies, what the government cannot already know, the materials
(attachments, mostly optional: many come from e-licences), and a mobile for progress messages.
Run from crates/server: python3 demo/gen/forms.py

Form versions are immutable: a form whose questions change gets a new version here (VERSIONS);
the server then publishes it beside the old one, which stays accepted.

Prefill (extension prefill, valueCode) names a field of the signed-in resident's profile
(GET /v1/profile): name, idNumber, mobile, birthDate (YYYY-MM-DD), gender (male | female),
address, householdRegistration (the place of household registration).
"""
import json, pathlib

TR = "http://hl7.org/fhir/StructureDefinition/translation"
EXT = "https://bianmin.example/fhir/StructureDefinition/"
FORMAT = "http://hl7.org/fhir/StructureDefinition/entryFormat"

def tr(en):
    return {"extension": [{"url": TR, "extension": [{"url": "lang", "valueCode": "en-US"}, {"url": "content", "valueString": en}]}]}

PROFILE_FIELDS = {"name", "idNumber", "mobile", "birthDate", "gender", "address", "householdRegistration"}

def q(link, zh, en, kind, required=True, hint=None, validator=None, prefill=None, width=None, material=None, options=None, enable=None, max_length=None, minv=None, maxv=None, repeats=False, any_of=False, autocomplete=None):
    assert prefill is None or prefill in PROFILE_FIELDS, prefill
    assert (kind == "attachment") == (material is not None), link
    item = {"linkId": link, "text": zh, "_text": tr(en), "type": kind}
    if kind != "display" and kind != "group":
        item["required"] = required
    if repeats:
        item["repeats"] = True
    if max_length:
        item["maxLength"] = max_length
    if options:
        item["answerOption"] = [{"valueCoding": {"code": c, "display": z, "_display": tr(e)}} for c, z, e in options]
    if enable:
        item["enableWhen"] = enable
        if len(enable) > 1:
            item["enableBehavior"] = "any" if any_of else "all"
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
    if autocomplete:
        ext.append({"url": EXT + "autocomplete", "valueCode": autocomplete})
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

def attach(link, material, zh, en, required=False, repeats=False, enable=None, hint=("已有电子证照的不用上传", "No upload needed if you have the e-licence")):
    return q(link, zh, en, "attachment", required=required, material=material, repeats=repeats, enable=enable, hint=hint)

PHOTO_HINT = ("拍照或扫描，JPG、PNG 或 PDF，不超过 20 MB", "A photo or a scan: JPG, PNG or PDF, up to 20 MB")

def when(question, **answer):
    """One enableWhen condition: when(q, eq=True), when(q, code="rent"), when(q, gt=1) ..."""
    ops = {"eq": "=", "ne": "!=", "gt": ">", "lt": "<", "code": "=", "not_code": "!="}
    (op, value), = answer.items()
    if op in ("code", "not_code"):
        return {"question": question, "operator": ops[op], "answerCoding": {"code": value}}
    if isinstance(value, bool):
        return {"question": question, "operator": ops[op], "answerBoolean": value}
    return {"question": question, "operator": ops[op], "answerInteger": value}

def birth_date(link="birth-date", zh="出生日期", en="Date of birth"):
    return q(link, zh, en, "date", hint=("例如 1940 年 5 月 8 日", "For example, 8 5 1940"), prefill="birthDate", minv={"valueDate": "1900-01-01"})

def household_registration():
    return q("household-registration", "户籍所在地", "Where your household is registered", "string",
             hint=("写到区县和街道（乡镇）", "Down to the district and sub-district"), prefill="householdRegistration", max_length=60, width=30)

def household():
    """The household of a means-tested service: asked the same way by each form of the hardship bundle."""
    return [
        q("household-size", "家里一起生活的有几口人？", "How many people live in the household?", "integer", hint=("包括您自己", "Including you"), minv={"valueInteger": 1}, maxv={"valueInteger": 30}, width=3),
        q("household-members", "一起生活的家人", "The other people in the household", "string", repeats=True,
          hint=("每人写一条：姓名和与您的关系，例如“李四 配偶”", "One line each: name and how they are related to you, for example \"Li Si, wife\""),
          enable=[when("household-size", gt=1)], max_length=40, width=20),
        q("monthly-income", "全家每月收入大约多少元？", "About how much does the household earn a month, in yuan?", "decimal", minv={"valueDecimal": 0}, width=10),
    ]

def agent():
    """Someone applying on the resident's behalf (亲友代办)."""
    return [
        q("applying-for-self", "是您本人申请吗？", "Are you applying for yourself?", "boolean",
          hint=("家人或朋友代办的选“否”", "Choose No if you are a relative or friend applying for someone")),
        q("agent-name", "代办人的姓名", "Your name (the person applying for them)", "string", enable=[when("applying-for-self", eq=False)],
          validator="chinese-name", width=20, max_length=30),
        q("agent-relationship", "您和申请人是什么关系？", "How are you related to the applicant?", "choice", enable=[when("applying-for-self", eq=False)], options=[
            ("spouse", "配偶", "Husband or wife"), ("child", "子女", "Son or daughter"), ("relative", "其他亲属", "Other relative"), ("other", "朋友或其他人", "A friend or someone else")]),
    ]

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
        birth_date("birth-date", "老人的出生日期", "The older person's date of birth"),
        q("household-type", "家里是哪种情况？", "Which describes the household?", "choice", options=[
            ("low-income", "低保或特困家庭", "Minimum living allowance or extreme poverty"),
            ("disabled", "有残疾人的家庭", "Someone in the household has a disability"),
            ("living-alone", "独居或空巢老人", "Living alone, or only older people at home"),
            ("other", "其他", "Other")]),
        q("household-type-other", "请说说家里的情况", "Tell us about the household", "text", enable=[when("household-type", code="other")], max_length=200),
        q("adaptations", "需要改造哪些地方？", "What should be adapted?", "choice", repeats=True, hint=("可以选择多项", "You can choose more than one"), options=[
            ("grab-bars", "卫生间扶手", "Grab bars in the bathroom"), ("non-slip", "防滑地面", "Non-slip floors"),
            ("ramp", "门口坡道", "A ramp at the door"), ("alarm", "紧急呼叫器", "An emergency call button"),
            ("lighting", "夜间照明", "Night lighting")]),
        q("home-owned", "房子是自己家的吗？", "Does the household own the home?", "boolean",
          hint=("租的房子要先问过房东", "If it is rented, the landlord must agree first")),
        q("landlord-agrees", "房东同意改造吗？", "Does the landlord agree to the adaptations?", "boolean", enable=[when("home-owned", eq=False)]),
        address(),
        attach("home-photos", "home-photos", "需要改造地方的照片（可以不传）", "Photos of what needs adapting (optional)", repeats=True, hint=PHOTO_HINT),
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
        q("destination-address", "在那边的居住地址", "Your address there", "text", enable=[when("reason", code="moved"), when("reason", code="retired-elsewhere")], any_of=True, max_length=200),
        q("hospital", "转到哪家医院？", "Which hospital were you referred to?", "string", enable=[when("reason", code="referral")], max_length=60, width=30),
        attach("referral-letter", "referral-letter", "转诊证明", "The referral letter", required=True, enable=[when("reason", code="referral")], hint=PHOTO_HINT),
        q("start-date", "从哪天开始？", "From which date?", "date", hint=("例如 2025 年 3 月 1 日", "For example, 1 3 2025")),
        q("end-date", "到哪天结束？", "Until which date?", "date", enable=[when("reason", code="temporary")], hint=("临时外出就医最长 6 个月", "A short stay is at most 6 months")),
        mobile()]),
    "residence-permit": ("居住证申领", "Residence permit", applicant() + [
        household_registration(),
        address("new-address", "新的居住地址", "Your new address"),
        q("moved-on", "哪天搬过来的？", "When did you move in?", "date", hint=("例如 2025 年 3 月 1 日", "For example, 1 3 2025")),
        q("housing", "住的是什么房子？", "What kind of home is it?", "choice", options=[
            ("own", "自己的房子", "Your own home"), ("rent", "租的房子", "Rented"), ("family", "亲友的房子", "A relative's or friend's home")]),
        attach("tenancy", "tenancy-contract", "租房合同", "Tenancy agreement", required=True, enable=[when("housing", code="rent")], hint=PHOTO_HINT),
        q("host-name", "房子是谁的？", "Whose home is it?", "string", enable=[when("housing", code="family")], validator="chinese-name", width=20, max_length=30,
          hint=("写房主的姓名", "The owner's name")),
        attach("photo", "photo-1inch", "近期一寸免冠照片（可以不传，到窗口现场拍）", "A recent one-inch photo (optional: it can be taken at the counter)", hint=PHOTO_HINT),
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
    "minimum-living-allowance": ("最低生活保障申请", "Minimum living allowance", agent() + applicant() + [household_registration()] + household() + [
        attach("income-proof", "income-proof", "收入证明（可以不传）", "Proof of income (optional)", repeats=True, hint=PHOTO_HINT),
        q("has-disabled-member", "家里有残疾人或重病的人吗？", "Does anyone at home have a disability or a serious illness?", "boolean"),
        attach("disability-certificate", "disability-certificate", "残疾人证或诊断证明", "Disability certificate or a diagnosis", enable=[when("has-disabled-member", eq=True)]),
        address(), mobile()]),
    "temporary-assistance": ("临时救助申请", "Temporary assistance", agent() + applicant() + household() + [
        q("reason", "遇到了什么困难？", "What has happened?", "choice", options=[
            ("illness", "家里有人得了重病", "Someone in the household is seriously ill"), ("accident", "意外事故", "An accident"),
            ("disaster", "火灾、水灾等灾害", "A fire, flood or other disaster"), ("lost-income", "突然没有了收入", "The household's income suddenly stopped"),
            ("other", "其他困难", "Something else")]),
        q("reason-details", "请简单说说情况", "Tell us briefly what happened", "text", enable=[when("reason", code="other")], max_length=500),
        attach("medical-bills", "medical-bills", "看病的票据和清单", "Medical bills and itemised lists", repeats=True, enable=[when("reason", code="illness")], hint=PHOTO_HINT),
        q("amount-needed", "大约还缺多少钱（元）？", "About how much money is missing, in yuan?", "decimal", required=False, minv={"valueDecimal": 0}, width=10),
        address(), mobile()]),
    "senior-card": ("老年人优待证办理", "Senior citizen card", applicant() + [
        birth_date(),
        attach("photo", "photo-1inch", "近期一寸免冠照片（可以不传，到窗口现场拍）", "A recent one-inch photo (optional: it can be taken at the counter)", hint=PHOTO_HINT),
        q("collection", "优待证怎么给您？", "How should we get the card to you?", "choice", options=[
            ("mail", "免费邮寄到家", "Post it to my home, free of charge"), ("pickup", "我到社区服务站领取", "I will collect it at the community service centre")]),
        address("mailing-address", "邮寄地址", "Address to post it to") | {"enableWhen": [when("collection", code="mail")]},
        mobile()]),
    "pension-certification": ("养老金领取资格认证", "Pension entitlement check", applicant() + [
        q("certification-method", "您想怎么认证？", "How would you like to be checked?", "choice", options=[
            ("face", "在家用手机或电脑刷脸", "By face recognition on a phone or computer at home"),
            ("hall", "到社区服务站认证", "At the community service centre"),
            ("home-visit", "行动不便，请工作人员上门", "It is hard for me to go out: please visit me")]),
        q("visit-reason", "为什么需要上门？", "Why do you need a visit?", "choice", enable=[when("certification-method", code="home-visit")], options=[
            ("bedridden", "长期卧床", "I am confined to bed"), ("disability", "残疾，出门不方便", "I have a disability and going out is hard"),
            ("hospital", "正在住院", "I am in hospital"), ("other", "其他原因", "Another reason")]),
        address("visit-address", "上门的地址", "Address for the visit") | {"enableWhen": [when("certification-method", code="home-visit")]},
        q("lives-at-registered-address", "您现在还住在户籍所在地吗？", "Do you still live where your household is registered?", "boolean"),
        q("current-city", "现在住在哪个城市？", "Which city do you live in now?", "string", enable=[when("lives-at-registered-address", eq=False)], max_length=30, width=20),
        attach("id-card-photo", "id-card", "身份证正反面照片（有电子证照的不用传）", "Both sides of the ID card (no upload needed if you have the e-licence)", hint=PHOTO_HINT),
        mobile()]),
    "citizen-request": ("12345 热线诉求", "12345 hotline request", [
        q("request-type", "您想做什么？", "What would you like to do?", "choice", options=[
            ("consultation", "咨询：问一件事怎么办", "Ask: find out how something works"), ("help", "求助：遇到困难需要帮忙", "Get help with a difficulty"),
            ("complaint", "投诉：对某件事不满意", "Complain about something"), ("report", "举报：发现违法违规的事", "Report something against the law or the rules"),
            ("suggestion", "建议：提出好的想法", "Suggest an improvement")]),
        q("description", "请说说是什么事", "Tell us what it is about", "text", max_length=1000,
          hint=("说清楚什么时候、在哪里、发生了什么", "When, where and what happened")),
        q("location", "在哪里？", "Where is it?", "string", enable=[when("request-type", not_code="consultation")], max_length=100, width=30,
          hint=("写清楚区、街道、小区或路口", "The district, street, estate or crossing")),
        q("happened-on", "是哪天发生的？", "On which day did it happen?", "date", required=False, enable=[when("request-type", code="complaint"), when("request-type", code="report")], any_of=True),
        attach("scene-photos", "scene-photos", "现场照片（可以不传）", "Photos of the place or the problem (optional)", repeats=True, enable=[when("request-type", not_code="consultation")], hint=PHOTO_HINT),
        q("anonymous", "要匿名吗？", "Do you want to stay anonymous?", "boolean",
          hint=("匿名的话，我们没法回复您办理结果", "If you stay anonymous, we cannot tell you the outcome")),
        q("applicant-name", "您的姓名", "Your full name", "string", enable=[when("anonymous", eq=False)], validator="chinese-name", prefill="name", width=20, max_length=30, autocomplete="name"),
        q("contact-mobile", "联系手机号码", "Mobile number for the reply", "string", enable=[when("anonymous", eq=False)], validator="mobile", prefill="mobile", width=13, autocomplete="tel",
          hint=("办理结果会打电话或发短信告诉您", "We call or text you with the outcome"))]),
    "general-application": ("通用申请表", "General application", [
        q("before-you-start", "先登记您要办的事，工作人员会在 3 个工作日内联系您，告诉您还需要什么", "Register what you need; staff will contact you within 3 working days to tell you what else is needed", "display")]
        + agent() + applicant() + [
        q("request-details", "想补充说明什么吗？（可以不填）", "Anything you want to add? (optional)", "text", required=False, max_length=500),
        attach("supporting-documents", "supporting-documents", "其他证明材料（可以不传）", "Other supporting documents (optional)", repeats=True, hint=PHOTO_HINT),
        mobile()]),
}

# Forms whose questions changed since 1.0.0 (a published version never changes).
VERSIONS = {
    "accessibility-adaptation": "1.1.0", "medical-care-elsewhere": "1.1.0", "residence-permit": "1.1.0",
    "minimum-living-allowance": "1.1.0", "senior-card": "1.1.0", "pension-certification": "1.1.0",
}

# Forms first published with the larger catalogue.
NEW = {"temporary-assistance", "citizen-request", "general-application"}
AUTOCOMPLETE = {"applicant-name": "name", "agent-name": "name", "contact-mobile": "tel"}

def with_autocomplete(items):
    """The HTML autocomplete token on name and mobile questions (WCAG 1.3.5), in the versions
    published since it was added here: 1.0.0 versions stay as they were published."""
    for item in items:
        token = AUTOCOMPLETE.get(item["linkId"])
        ext = item.setdefault("extension", [])
        if token and not any(e["url"] == EXT + "autocomplete" for e in ext):
            ext.append({"url": EXT + "autocomplete", "valueCode": token})
        if not ext:
            del item["extension"]
    return items

out = pathlib.Path(__file__).resolve().parent.parent / "forms"
for fid, (zh, en, items) in FORMS.items():
    if fid in VERSIONS or fid in NEW:
        items = with_autocomplete(items)
    doc = {"resourceType": "Questionnaire", "url": f"https://forms.bianmin.example/Questionnaire/{fid}",
           "version": VERSIONS.get(fid, "1.0.0"), "title": zh, "_title": tr(en), "status": "active", "item": items}
    (out / f"{fid}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
print(len(FORMS), "forms")
