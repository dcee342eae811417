Profile: VnPatient
Parent: Patient
Id: vn-patient
Title: "Người dân (SSKĐT) / Resident (SSKĐT)"
Description: "Người có sổ sức khỏe điện tử: bắt buộc số định danh cá nhân (CCCD), ngày sinh, giới tính; cho phép CMND, số BHYT kèm thời hạn; địa chỉ mã hóa theo tỉnh/xã 2025; dân tộc; người giám hộ qua contact hoặc link. / A person with an electronic health book: personal ID (CCCD), birth date and gender required; old ID card (CMND) and health-insurance numbers allowed with their period; address coded by 2025 province and commune; ethnicity; guardians through contact or link."
* obeys vn-pat-2 and vn-pat-3 and vn-pat-4
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Theo hệ định danh / By identifier system"
* identifier contains cccd 1..1 MS and cmnd 0..* MS and bhyt 0..* MS
* identifier[cccd] ^short = "Số định danh cá nhân (CCCD) / Personal ID"
* identifier[cccd].system 1..1
* identifier[cccd].system = $CCCD (exactly)
* identifier[cccd].value 1..1
* identifier[cccd].period MS
* identifier[cccd] obeys vn-pat-1
* identifier[cmnd] ^short = "Số chứng minh nhân dân cũ / Old ID card (CMND)"
* identifier[cmnd].system 1..1
* identifier[cmnd].system = $CMND (exactly)
* identifier[cmnd].value 1..1
* identifier[cmnd].period MS
* identifier[cmnd] obeys vn-pat-5
* identifier[bhyt] ^short = "Số thẻ / mã số BHYT / Health-insurance number"
* identifier[bhyt].system 1..1
* identifier[bhyt].system = $BHYT (exactly)
* identifier[bhyt].value 1..1
* identifier[bhyt].period MS
* identifier[bhyt] obeys vn-bhyt-1
* name 1..* MS
* name.text MS
* gender 1..1 MS
* birthDate 1..1 MS
* address MS
* address.extension contains VnProvinceExt named province 0..1 MS and VnCommuneExt named commune 0..1 MS
* address obeys vn-addr-1 and vn-addr-2
* extension contains VnEthnicityExt named ethnicity 0..1 MS
* contact MS
* contact ^short = "Người giám hộ, người liên hệ / Guardian or contact"
* contact.relationship MS
* link MS
* link ^short = "Liên kết hồ sơ (ví dụ người giám hộ là RelatedPerson) / Linked records (e.g. guardian as RelatedPerson)"

Invariant: vn-pat-1
Description: "Số định danh cá nhân phải gồm 12 chữ số / Personal ID must have 12 digits"
Severity: #error
Expression: "value.matches('^[0-9]{12}$')"

Invariant: vn-pat-2
Description: "Chữ số thứ 4 của số định danh (thế kỷ sinh) phải khớp năm sinh: 0/1 = 1900–1999, 2/3 = 2000–2099 / The 4th digit of the personal ID (century of birth) must match the birth year: 0/1 = 1900s, 2/3 = 2000s"
Severity: #error
Expression: "birthDate.exists() implies identifier.where(system = 'http://fhir.hl7.org.vn/core/sid/cccd' and value.matches('^[0-9]{12}$')).all((value.substring(3, 1).toInteger() div 2) + 19 = %resource.birthDate.toString().substring(0, 2).toInteger())"

Invariant: vn-pat-3
Description: "Chữ số thứ 4 của số định danh (giới tính) phải khớp giới tính: chẵn = nam, lẻ = nữ / The 4th digit of the personal ID (sex) must match gender: even = male, odd = female"
Severity: #error
Expression: "(gender = 'male' or gender = 'female') implies identifier.where(system = 'http://fhir.hl7.org.vn/core/sid/cccd' and value.matches('^[0-9]{12}$')).all((value.substring(3, 1).toInteger() mod 2 = 0) = (%resource.gender = 'male'))"

Invariant: vn-pat-4
Description: "Chữ số thứ 5–6 của số định danh phải là hai số cuối của năm sinh / The 5th–6th digits of the personal ID must be the last two digits of the birth year"
Severity: #error
Expression: "birthDate.exists() implies identifier.where(system = 'http://fhir.hl7.org.vn/core/sid/cccd' and value.matches('^[0-9]{12}$')).all(value.substring(4, 2) = %resource.birthDate.toString().substring(2, 2))"

Invariant: vn-pat-5
Description: "Số CMND phải gồm 9 hoặc 12 chữ số / Old ID card number (CMND) must have 9 or 12 digits"
Severity: #error
Expression: "value.matches('^([0-9]{9}|[0-9]{12})$')"

Invariant: vn-bhyt-1
Description: "Số BHYT phải là thẻ 15 ký tự (2 chữ, mức hưởng 1–5, 2 số tỉnh, 10 số), mã số BHXH 10 chữ số hoặc số định danh 12 chữ số / Health-insurance number must be a 15-character card (2 letters, level 1–5, 2-digit province, 10 digits), a 10-digit social-insurance number or a 12-digit personal ID"
Severity: #error
Expression: "value.matches('^([A-Z]{2}[1-5][0-9]{12}|[0-9]{10}|[0-9]{12})$')"

Invariant: vn-addr-1
Description: "Địa chỉ có mã xã thì phải có cả mã tỉnh / An address with a commune code must also carry its province code"
Severity: #error
Expression: "extension.where(url.endsWith('/StructureDefinition/vn-commune')).exists() implies extension.where(url.endsWith('/StructureDefinition/vn-province')).exists()"
