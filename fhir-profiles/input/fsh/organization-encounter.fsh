Profile: VnOrganization
Parent: Organization
Id: vn-organization
Title: "Cơ sở y tế / Health facility"
Description: "Cơ sở y tế (trạm y tế xã, bệnh viện, Sở Y tế…) với mã cơ sở KCB 5 ký tự do BHXH Việt Nam cấp, loại cơ sở, xã phục vụ và đơn vị cấp trên. / Health facility (commune health station, hospital, provincial health department…) with its 5-character facility code issued by Vietnam Social Security, type, served communes and parent organisation."
* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains maCskcb 0..1 MS
* identifier[maCskcb] ^short = "Mã cơ sở KCB / Health facility code"
* identifier[maCskcb].system 1..1
* identifier[maCskcb].system = $MACSKCB (exactly)
* identifier[maCskcb].value 1..1
* identifier[maCskcb] obeys vn-org-1
* active MS
* type 1..* MS
* type from VnFacilityTypes (extensible)
* name 1..1 MS
* address MS
* address.extension contains VnProvinceExt named province 0..1 MS and VnCommuneExt named commune 0..1 MS
* address obeys vn-addr-1 and vn-addr-2
* extension contains VnServedCommune named servedCommune 0..* MS
* partOf MS
* partOf only Reference(VnOrganization)

Invariant: vn-org-1
Description: "Mã cơ sở KCB phải gồm đúng 5 ký tự chữ hoặc số / Health facility code must have exactly 5 letters or digits"
Severity: #error
Expression: "value.matches('^[0-9A-Za-z]{5}$')"

Profile: VnCheckupEncounter
Parent: Encounter
Id: vn-checkup-encounter
Title: "Lượt khám sức khỏe / Check-up encounter"
Description: "Một lượt khám sức khỏe (định kỳ miễn phí, sàng lọc, học đường, người lao động, tiền hôn nhân, BHYT) tại một cơ sở y tế, kèm nhóm đối tượng ưu tiên. / One check-up (annual free, screening, school, occupational, pre-marriage, BHYT visit) at a health facility, with its priority target group."
* obeys vn-enc-1
* extension contains VnTargetGroupExt named targetGroup 0..* MS
* status MS
* class MS
* type 1..1 MS
* type from VnCheckupTypes (required)
* subject 1..1 MS
* subject only Reference(VnPatient)
* participant MS
* period 1..1 MS
* period.start 1..1
* serviceProvider 1..1 MS
* serviceProvider only Reference(VnOrganization)

Invariant: vn-enc-1
Description: "Lượt khám đã kết thúc phải có thời điểm kết thúc và không kết thúc trước khi bắt đầu / A finished encounter must have an end not before its start"
Severity: #error
Expression: "status = 'finished' implies (period.end.exists() and period.start <= period.end)"
