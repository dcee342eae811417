Profile: VnImmunization
Parent: Immunization
Id: vn-immunization
Title: "Mũi tiêm chủng / Vaccination"
Description: "Một mũi tiêm trong sổ tiêm chủng: mã vắc xin TCMR bắt buộc (có thể kèm mã CVX, ATC), mũi thứ mấy, ngày tiêm (không ở tương lai), số lô, người/cơ sở tiêm; mũi ghi nhầm đánh dấu entered-in-error. / One vaccination: a national programme vaccine code is required (CVX and ATC codings may stand beside it), dose number, date given (not in the future), lot number, performer; a dose recorded by mistake is marked entered-in-error."
* obeys vn-imm-1
* status MS
* status ^short = "completed | entered-in-error | not-done"
* vaccineCode MS
* vaccineCode.coding 1..* MS
* vaccineCode.coding ^slicing.discriminator.type = #value
* vaccineCode.coding ^slicing.discriminator.path = "system"
* vaccineCode.coding ^slicing.rules = #open
* vaccineCode.coding contains vn 1..1 MS and cvx 0..1 MS and atc 0..1 MS
* vaccineCode.coding[vn] ^short = "Mã vắc xin TCMR / National vaccine code"
* vaccineCode.coding[vn].system 1..1
* vaccineCode.coding[vn].system = Canonical(VnVaccine) (exactly)
* vaccineCode.coding[vn].code 1..1
* vaccineCode.coding[vn] from VnVaccines (required)
* vaccineCode.coding[cvx].system 1..1
* vaccineCode.coding[cvx].system = $CVX (exactly)
* vaccineCode.coding[cvx].code 1..1
* vaccineCode.coding[atc].system 1..1
* vaccineCode.coding[atc].system = $ATC (exactly)
* vaccineCode.coding[atc].code 1..1
* patient MS
* patient only Reference(VnPatient)
* encounter MS
* occurrence[x] only dateTime
* occurrence[x] MS
* recorded MS
* primarySource MS
* location MS
* lotNumber MS
* expirationDate MS
* site MS
* route MS
* performer MS
* performer.actor only Reference(Practitioner or PractitionerRole or VnOrganization)
* protocolApplied 1..1 MS
* protocolApplied.series MS
* protocolApplied.doseNumber[x] only positiveInt
* protocolApplied.doseNumber[x] MS

Invariant: vn-imm-1
Description: "Ngày tiêm không được ở tương lai / Vaccination date must not be in the future"
Severity: #error
Expression: "occurrence.exists() implies ((occurrence as dateTime) <= now() or (occurrence as dateTime).toString().substring(0, 10) <= today().toString())"

Profile: VnCoverage
Parent: Coverage
Id: vn-coverage
Title: "Thẻ bảo hiểm y tế / Health-insurance (BHYT) card"
Description: "Thẻ BHYT của người dân: số thẻ (thẻ 15 ký tự, mã số BHXH 10 số hoặc số định danh), thời hạn (từ ngày ≤ đến ngày), mức hưởng 1–5, nơi đăng ký KCB ban đầu. / A resident's BHYT card: number (legacy 15-character card, 10-digit social-insurance number or personal ID), validity period (start ≤ end), benefit level 1–5, registered primary-care facility."
* obeys vn-cov-2
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains bhyt 1..1 MS
* identifier[bhyt] ^short = "Số thẻ / mã số BHYT / BHYT number"
* identifier[bhyt].system 1..1
* identifier[bhyt].system = $BHYT (exactly)
* identifier[bhyt].value 1..1
* identifier[bhyt] obeys vn-bhyt-1
* extension contains VnBhytBenefitLevel named benefitLevel 0..1 MS and VnRegisteredPrimaryCare named registeredFacility 0..1 MS
* status MS
* type MS
* type = $ActCode#PUBLICPOL
* beneficiary MS
* beneficiary only Reference(VnPatient)
* period 1..1 MS
* period.start 1..1
* payor MS
* payor only Reference(VnOrganization)

Invariant: vn-cov-2
Description: "Ngày bắt đầu hiệu lực thẻ phải trước hoặc bằng ngày hết hạn / Card validity start must not be after its end"
Severity: #error
Expression: "(period.start.exists() and period.end.exists()) implies period.start <= period.end"
