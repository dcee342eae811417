// The national immunization schedule (TCMR) as data: one PlanDefinition, versioned, read by the
// server's forecast (vn.sskdt.citizen.EpiSchedule). A new schedule is a new version of this resource,
// not new code. Durations count from birth; 'mo' and 'a' are calendar months and years, 'wk' 7 days.
//
// Each top-level action is a series (one vaccine of VnVaccine, its code in action.code); its nested
// actions are the doses in order. Per dose:
//   timingDuration                      recommended age: the dose is due from birth + this
//   extension vn-epi-minimum-age        a dose given younger does not count
//   extension vn-epi-overdue-after      overdue this long after the due date
//   extension vn-epi-maximum-age        (optional) the dose must be given before this age; later it does not count
//   relatedAction after-end + offset    minimum interval after another dose (the previous one of the series,
//                                       or another series' dose, e.g. the DPT booster after DPT-VGB-Hib 3)
// Minimum ages the circular does not state are WHO's (position papers: DTP, polio, rotavirus from 6 weeks,
// IPV from 14 weeks); "working definition" marks our own choices.

Extension: VnEpiMinimumAge
Id: vn-epi-minimum-age
Title: "Tuổi tối thiểu của mũi tiêm / Minimum age of a dose"
Description: "Mũi tiêm trước tuổi này không được tính. / A dose given before this age does not count."
Context: PlanDefinition.action
* value[x] only Duration
* valueDuration 1..1

Extension: VnEpiMaximumAge
Id: vn-epi-maximum-age
Title: "Tuổi tối đa của mũi tiêm / Maximum age of a dose"
Description: "Mũi tiêm phải được tiêm trước tuổi này; tiêm muộn hơn không được tính. / The dose must be given before this age; a later dose does not count."
Context: PlanDefinition.action
* value[x] only Duration
* valueDuration 1..1

Extension: VnEpiOverdueAfter
Id: vn-epi-overdue-after
Title: "Quá hạn sau / Overdue after"
Description: "Mũi tiêm chưa tiêm sau ngày đến hạn cộng khoảng này là quá hạn. / A dose not given this long after its due date is overdue."
Context: PlanDefinition.action
* value[x] only Duration
* valueDuration 1..1

CodeSystem: VnForecastStatus
Id: vn-forecast-status
Title: "Trạng thái dự báo tiêm chủng bổ sung / Additional immunization forecast statuses"
Description: "Trạng thái mà bộ mã immunization-recommendation-status của FHIR không có. / Statuses FHIR's immunization-recommendation-status code system lacks."
* insert LocalCodeSystem
* #not-yet-due "Chưa đến hạn / Not yet due" "Mũi tiếp theo chưa đến ngày tiêm khuyến cáo. / The next dose's recommended date has not come yet."
* #aged-out "Quá tuổi tiêm / Aged out" "Đã quá tuổi tối đa, mũi tiếp theo không còn được tiêm. / Past the maximum age: the next dose is no longer given."

RuleSet: Series(i, code, title)
* action[{i}].id = "{code}"
* action[{i}].title = "{title}"
* action[{i}].code = VnVaccine#{code}

RuleSet: Dose(i, j, id, title, minAge, dueAge, overdueAfter)
* action[{i}].action[{j}].id = "{id}"
* action[{i}].action[{j}].title = "{title}"
* action[{i}].action[{j}].extension[VnEpiMinimumAge].valueDuration = {minAge}
* action[{i}].action[{j}].timingDuration = {dueAge}
* action[{i}].action[{j}].extension[VnEpiOverdueAfter].valueDuration = {overdueAfter}

RuleSet: MaximumAge(i, j, maxAge)
* action[{i}].action[{j}].extension[VnEpiMaximumAge].valueDuration = {maxAge}

RuleSet: After(i, j, k, previous, interval)
* action[{i}].action[{j}].relatedAction[{k}].actionId = "{previous}"
* action[{i}].action[{j}].relatedAction[{k}].relationship = #after-end
* action[{i}].action[{j}].relatedAction[{k}].offsetDuration = {interval}

Instance: vn-epi-schedule
InstanceOf: PlanDefinition
Usage: #definition
Title: "Lịch tiêm chủng mở rộng cho trẻ em / National childhood immunization schedule (TCMR)"
* name = "VnEpiSchedule"
* version = "2026.1"
* date = "2026-11-23"
* status = #active
* type = http://terminology.hl7.org/CodeSystem/plan-definition-type#clinical-protocol
* description = "Lịch TCMR cho trẻ em theo TT 38/2017/TT-BYT và kế hoạch 2026–2028 (IPV mũi 2 lúc 9 tháng, rota trước 6 tháng). Uốn ván (phụ nữ), phế cầu và HPV (triển khai theo giai đoạn) chưa có trong phiên bản này. / Childhood schedule of the national programme per Circular 38/2017/TT-BYT and the 2026–2028 plan (IPV dose 2 at 9 months, rotavirus before 6 months). Tetanus (women), PCV and HPV (staged roll-out) are not in this version."
// hepatitis B birth dose: within 24 hours; working definition: no longer given as a birth dose after 7 days
* insert Series(0, hepb-birth, Viêm gan B sơ sinh / Hepatitis B birth dose)
* insert Dose(0, 0, hepb-birth-1, Viêm gan B sơ sinh / HepB birth dose, 0 'd', 0 'd', 1 'd')
* insert MaximumAge(0, 0, 7 'd')
* insert Series(1, bcg, Lao / BCG)
* insert Dose(1, 0, bcg-1, BCG, 0 'd', 0 'd', 1 'mo')
* insert Series(2, penta, DPT-VGB-Hib)
* insert Dose(2, 0, penta-1, DPT-VGB-Hib 1, 6 'wk', 2 'mo', 1 'mo')
* insert Dose(2, 1, penta-2, DPT-VGB-Hib 2, 6 'wk', 3 'mo', 1 'mo')
* insert After(2, 1, 0, penta-1, 1 'mo')
* insert Dose(2, 2, penta-3, DPT-VGB-Hib 3, 6 'wk', 4 'mo', 1 'mo')
* insert After(2, 2, 0, penta-2, 1 'mo')
* insert Series(3, opv, OPV)
* insert Dose(3, 0, opv-1, OPV 1, 6 'wk', 2 'mo', 1 'mo')
* insert Dose(3, 1, opv-2, OPV 2, 6 'wk', 3 'mo', 1 'mo')
* insert After(3, 1, 0, opv-1, 1 'mo')
* insert Dose(3, 2, opv-3, OPV 3, 6 'wk', 4 'mo', 1 'mo')
* insert After(3, 2, 0, opv-2, 1 'mo')
* insert Series(4, ipv, IPV)
* insert Dose(4, 0, ipv-1, IPV 1, 14 'wk', 5 'mo', 1 'mo')
* insert Dose(4, 1, ipv-2, IPV 2, 14 'wk', 9 'mo', 1 'mo')
* insert After(4, 1, 0, ipv-1, 1 'mo')
* insert Series(5, measles, Sởi / Measles)
* insert Dose(5, 0, measles-1, Sởi / Measles, 9 'mo', 9 'mo', 1 'mo')
* insert Series(6, mr, Sởi - Rubella / MR)
* insert Dose(6, 0, mr-1, MR, 18 'mo', 18 'mo', 1 'mo')
* insert After(6, 0, 0, measles-1, 1 'mo')
// WHO: the DTP booster at least 6 months after the last primary dose
* insert Series(7, dpt-booster, DPT nhắc lại / DTP booster)
* insert Dose(7, 0, dpt-booster-1, DPT nhắc lại / DTP booster, 18 'mo', 18 'mo', 1 'mo')
* insert After(7, 0, 0, penta-3, 6 'mo')
// Japanese encephalitis: from 12 months, the 2nd 1–2 weeks after the 1st, the 3rd one year after the 2nd
* insert Series(8, je, Viêm não Nhật Bản / Japanese encephalitis)
* insert Dose(8, 0, je-1, VNNB 1 / JE 1, 12 'mo', 12 'mo', 1 'mo')
* insert Dose(8, 1, je-2, VNNB 2 / JE 2, 12 'mo', 12 'mo', 14 'd')
* insert After(8, 1, 0, je-1, 7 'd')
* insert Dose(8, 2, je-3, VNNB 3 / JE 3, 24 'mo', 24 'mo', 1 'mo')
* insert After(8, 2, 0, je-2, 1 'a')
// rotavirus: from 2 months (WHO: from 6 weeks), both doses before 6 months
* insert Series(9, rota, Rota virus / Rotavirus)
* insert Dose(9, 0, rota-1, Rota 1, 6 'wk', 2 'mo', 1 'mo')
* insert MaximumAge(9, 0, 6 'mo')
* insert Dose(9, 1, rota-2, Rota 2, 6 'wk', 3 'mo', 1 'mo')
* insert After(9, 1, 0, rota-1, 1 'mo')
* insert MaximumAge(9, 1, 6 'mo')
