// Extensions of SSKĐT.

Extension: VnProvinceExt
Id: vn-province
Title: "Mã tỉnh / Province code"
Description: "Mã tỉnh (2 chữ số, QĐ 19/2025/QĐ-TTg) của một địa chỉ. / Province code (2 digits, Decision 19/2025/QD-TTg) of an address."
Context: Address
* value[x] only Coding
* valueCoding 1..1
* valueCoding from VnProvinces (required)
* valueCoding.system 1..1
* valueCoding.code 1..1

Extension: VnCommuneExt
Id: vn-commune
Title: "Mã xã / Commune code"
Description: "Mã xã, phường, đặc khu (5 chữ số) của một địa chỉ. / Commune code (5 digits) of an address."
Context: Address
* value[x] only Coding
* valueCoding 1..1
* valueCoding from VnCommunes (required)
* valueCoding.system 1..1
* valueCoding.code 1..1

Extension: VnEthnicityExt
Id: vn-ethnicity
Title: "Dân tộc / Ethnicity"
Description: "Dân tộc theo danh mục của Tổng cục Thống kê. / Ethnic group by the GSO list."
Context: Patient
* value[x] only Coding
* valueCoding 1..1
* valueCoding from VnEthnicities (required)
* valueCoding.system 1..1
* valueCoding.code 1..1

Extension: VnServedCommune
Id: vn-served-commune
Title: "Xã phục vụ / Served commune"
Description: "Xã, phường mà cơ sở y tế (thường là trạm y tế) phụ trách. / Commune whose residents the facility (usually a commune health station) serves."
Context: Organization
* value[x] only Coding
* valueCoding 1..1
* valueCoding from VnCommunes (required)
* valueCoding.system 1..1
* valueCoding.code 1..1

Extension: VnTargetGroupExt
Id: vn-target-group
Title: "Nhóm đối tượng / Target group"
Description: "Nhóm đối tượng ưu tiên của lượt khám miễn phí. / Priority group under which the free check-up is given."
Context: Encounter
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from VnTargetGroups (required)

Extension: VnBhytBenefitLevel
Id: vn-bhyt-benefit-level
Title: "Mức hưởng BHYT / BHYT benefit level"
Description: "Mức hưởng BHYT 1–5 (ký tự thứ 3 của thẻ 15 ký tự cũ). / BHYT benefit level 1–5 (3rd character of the legacy 15-character card)."
Context: Coverage
* value[x] only positiveInt
* valuePositiveInt 1..1
* obeys vn-cov-3

Extension: VnRegisteredPrimaryCare
Id: vn-registered-primary-care
Title: "Nơi đăng ký KCB ban đầu / Registered primary-care facility"
Description: "Cơ sở KCB ban đầu đăng ký trên thẻ BHYT (tham chiếu hoặc mã cơ sở KCB). / Primary-care facility registered on the BHYT card (reference, or a logical reference by facility code)."
Context: Coverage
* value[x] only Reference(VnOrganization)
* valueReference 1..1

Invariant: vn-cov-3
Description: "Mức hưởng BHYT phải từ 1 đến 5 / BHYT benefit level must be between 1 and 5"
Severity: #error
Expression: "(value as positiveInt) <= 5"
