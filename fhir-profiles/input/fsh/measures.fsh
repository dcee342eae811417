// Plan indicators of Resolution 72-NQ/TW (domain.md §5) as FHIR Measures. The server installs them at
// start-up (indicators/MeasureInstaller) and answers Measure/{id}/$evaluate-measure from its indicator
// fact tables, not by running CQL per person (docs/indicators.md).
//
// Each population's criteria is a rule over those facts, in our small language text/x-sskdt-facts:
// a rule name and space-separated key=value arguments (indicators/FactRule). Changing a definition (e.g.
// the doses of "fully immunized") is a new Measure version: copy the instance, raise `version`, change
// the rule; reports name the url|version they used.

Alias: $MeasureScoring = http://terminology.hl7.org/CodeSystem/measure-scoring
Alias: $MeasurePopulation = http://terminology.hl7.org/CodeSystem/measure-population
Alias: $MeasureImprovement = http://terminology.hl7.org/CodeSystem/measure-improvement-notation
Alias: $MeasureType = http://terminology.hl7.org/CodeSystem/measure-type

Extension: VnPlanTarget
Id: vn-plan-target
Title: "Chỉ tiêu kế hoạch / Plan target"
Description: "Chỉ tiêu của kế hoạch (Nghị quyết 72-NQ/TW, kế hoạch của tỉnh) cho chỉ số, tính bằng %, với dấu so sánh (ví dụ > 95 %). / The plan target of the indicator (Resolution 72-NQ/TW, provincial plans) in %, with its comparator (e.g. > 95 %)."
Context: Measure, MeasureReport.group
* value[x] only Quantity
* valueQuantity 1..1
* valueQuantity.value 1..1
* valueQuantity.system = $UCUM (exactly)
* valueQuantity.code = #% (exactly)

Extension: VnTargetMet
Id: vn-target-met
Title: "Đạt chỉ tiêu / Target met"
Description: "Kết quả đo có đạt chỉ tiêu kế hoạch hay không. / Whether the measured score meets the plan target."
Context: MeasureReport.group, MeasureReport.group.stratifier.stratum
* value[x] only boolean
* valueBoolean 1..1

CodeSystem: VnMeasurePopulation
Id: vn-measure-population
Title: "Nhóm người của chỉ số / Indicator populations"
Description: "Nhóm bổ sung cho báo cáo danh sách: những người thuộc mẫu số nhưng chưa thuộc tử số (người cần tiếp cận). / Additional population of subject-list reports: people in the denominator but not (yet) in the numerator (people still to reach)."
* ^caseSensitive = true
* ^content = #complete
* #to-reach "Cần tiếp cận / Still to reach" "Thuộc mẫu số, chưa thuộc tử số. / In the denominator, not in the numerator."

RuleSet: PlanIndicator(version)
* version = "{version}"
* status = #active
* experimental = false
* date = "2026-11-23"
* publisher = "SSKĐT"
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* type = $MeasureType#outcome
* improvementNotation = $MeasureImprovement#increase

RuleSet: AreaStratifiers
* group[0].stratifier[+].code.text = "commune"
* group[0].stratifier[=].description = "Xã nơi cư trú vào ngày tham chiếu / Commune of residence on the reference date"
* group[0].stratifier[=].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].criteria.expression = "commune"
* group[0].stratifier[+].code.text = "sex"
* group[0].stratifier[=].description = "Giới tính / Sex"
* group[0].stratifier[=].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].criteria.expression = "sex"
* group[0].stratifier[+].code.text = "ethnicity"
* group[0].stratifier[=].description = "Dân tộc (mã GSO) / Ethnic group (GSO code)"
* group[0].stratifier[=].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].criteria.expression = "ethnicity"

RuleSet: AgeBandStratifier
* group[0].stratifier[+].code.text = "age-band"
* group[0].stratifier[=].description = "Nhóm tuổi vào ngày tham chiếu: 0-5, 6-17, 18-39, 40-59, 60-79, 80+ / Age band on the reference date"
* group[0].stratifier[=].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].criteria.expression = "age-band"

// A resident counts in each priority group they belong to (strata overlap; their sum is not the total).
// Groups are those the stations recorded on the resident's encounters up to the reference date, and
// elderly from 60; residents with none recorded are in the stratum "not-recorded".
RuleSet: TargetGroupStratifier
* group[0].stratifier[+].code.text = "target-group"
* group[0].stratifier[=].description = "Nhóm đối tượng ưu tiên (vn-target-group) ghi trên các lượt khám đến ngày tham chiếu, người cao tuổi từ 60 tuổi; một người có thể thuộc nhiều nhóm, người chưa có nhóm nào được ghi ở nhóm not-recorded / Priority groups (vn-target-group) recorded on the resident's encounters up to the reference date, elderly from 60; a resident may be in several groups, residents with none recorded are in not-recorded"
* group[0].stratifier[=].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].criteria.expression = "target-group"

RuleSet: Proportion(denominator, numerator, target)
* scoring = $MeasureScoring#proportion
* extension[VnPlanTarget].valueQuantity = {target} '%'
* group[0].population[0].code = $MeasurePopulation#initial-population
* group[0].population[0].criteria.language = #text/x-sskdt-facts
* group[0].population[0].criteria.expression = "{denominator}"
* group[0].population[1].code = $MeasurePopulation#denominator
* group[0].population[1].criteria.language = #text/x-sskdt-facts
* group[0].population[1].criteria.expression = "{denominator}"
* group[0].population[2].code = $MeasurePopulation#numerator
* group[0].population[2].criteria.language = #text/x-sskdt-facts
* group[0].population[2].criteria.expression = "{numerator}"

// ---- Immunization (cohort of children turning 1, or 2, in the period) --------------------------

RuleSet: FirstBirthdayCohort
* group[0].population[0].description = "Trẻ có sinh nhật 1 tuổi trong kỳ, còn sống vào ngày đó, cư trú tại địa bàn vào ngày đó. / Children whose first birthday falls in the period, alive on it, resident in the area on it."
* group[0].population[1].description = "Như nhóm ban đầu. / Same as the initial population."

Instance: fully-immunized-1y
InstanceOf: Measure
Usage: #definition
Title: "Trẻ dưới 1 tuổi được tiêm chủng đầy đủ / Fully immunized children under 1"
* name = "FullyImmunized1y"
* insert PlanIndicator(2026.1)
* description = "Tỷ lệ trẻ được tiêm đủ các liều Bộ Y tế quy định trước sinh nhật 1 tuổi (BCG ×1, DPT-VGB-Hib ×3, OPV ×3, IPV ×1, Sởi ×1). Một liều được tính khi có Immunization đã hoàn thành với mã vắc xin TCMR đó, ngày tiêm trước ngày sinh nhật 1 tuổi (không xét số mũi ghi trên phiếu; hai mũi cùng vắc xin cùng ngày tính là một; liều entered-in-error không tính). / Share of children who received every dose the Ministry requires before their first birthday (BCG ×1, DTwP-HepB-Hib ×3, OPV ×3, IPV ×1, measles ×1). A dose counts when a completed Immunization with that national vaccine code is dated before the first birthday (whatever its dose number; two of the same vaccine on one day count once; entered-in-error doses never count)."
* insert Proportion(cohort birthday=1, doses-before birthday=1 bcg=1 penta=3 opv=3 ipv=1 measles=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số đã nhận đủ các liều trước sinh nhật 1 tuổi. / Children of the denominator with the full dose set before their first birthday."
* insert AreaStratifiers

Instance: antigen-bcg
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm BCG trước 1 tuổi / BCG coverage by the first birthday"
* name = "AntigenBcg"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 1 tuổi trong kỳ đã được tiêm BCG trước ngày sinh nhật. / Children turning 1 in the period who received BCG before their first birthday."
* insert Proportion(cohort birthday=1, doses-before birthday=1 bcg=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có ít nhất 1 liều BCG trước sinh nhật 1 tuổi. / Children of the denominator with a BCG dose before their first birthday."
* insert AreaStratifiers

Instance: antigen-penta3
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm DPT-VGB-Hib mũi 3 trước 1 tuổi / Penta3 coverage by the first birthday"
* name = "AntigenPenta3"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 1 tuổi trong kỳ đã được tiêm 3 liều DPT-VGB-Hib (ở 3 ngày khác nhau) trước ngày sinh nhật. / Children turning 1 in the period with three pentavalent doses (on three different days) before their first birthday."
* insert Proportion(cohort birthday=1, doses-before birthday=1 penta=3, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có 3 liều DPT-VGB-Hib trước sinh nhật 1 tuổi. / Children of the denominator with three pentavalent doses before their first birthday."
* insert AreaStratifiers

Instance: antigen-opv3
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ uống OPV lần 3 trước 1 tuổi / OPV3 coverage by the first birthday"
* name = "AntigenOpv3"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 1 tuổi trong kỳ đã uống 3 liều OPV (3 ngày khác nhau) trước ngày sinh nhật. / Children turning 1 in the period with three OPV doses (three different days) before their first birthday."
* insert Proportion(cohort birthday=1, doses-before birthday=1 opv=3, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có 3 liều OPV trước sinh nhật 1 tuổi. / Children of the denominator with three OPV doses before their first birthday."
* insert AreaStratifiers

Instance: antigen-ipv1
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm IPV trước 1 tuổi / IPV coverage by the first birthday"
* name = "AntigenIpv1"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 1 tuổi trong kỳ đã được tiêm IPV trước ngày sinh nhật. / Children turning 1 in the period with an IPV dose before their first birthday."
* insert Proportion(cohort birthday=1, doses-before birthday=1 ipv=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có ít nhất 1 liều IPV trước sinh nhật 1 tuổi. / Children of the denominator with an IPV dose before their first birthday."
* insert AreaStratifiers

Instance: antigen-measles1
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm sởi mũi 1 trước 1 tuổi / Measles coverage by the first birthday"
* name = "AntigenMeasles1"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 1 tuổi trong kỳ đã được tiêm vắc xin sởi trước ngày sinh nhật. / Children turning 1 in the period with a measles dose before their first birthday."
* insert Proportion(cohort birthday=1, doses-before birthday=1 measles=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert FirstBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có ít nhất 1 liều sởi trước sinh nhật 1 tuổi. / Children of the denominator with a measles dose before their first birthday."
* insert AreaStratifiers

Instance: antigen-hepb-birth-24h
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm viêm gan B sơ sinh trong 24 giờ / Hepatitis B birth dose within 24 hours"
* name = "AntigenHepbBirth24h"
* insert PlanIndicator(2026.1)
* description = "Trẻ sinh trong kỳ (kể cả trẻ tử vong sau đó) được tiêm liều viêm gan B sơ sinh trong ngày sinh hoặc ngày kế tiếp (ngày theo giờ Việt Nam: hồ sơ chỉ ghi ngày tiêm, không ghi giờ sinh). / Children born in the period (also those who died later) given the hepatitis B birth dose on the day of birth or the next day (Vietnam local dates: records carry the day of the dose, not the hour of birth)."
* insert Proportion(born-in-period, dose-within vaccine=hepb-birth days=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* group[0].population[0].description = "Trẻ sinh trong kỳ, cư trú tại địa bàn vào ngày sinh. / Children born in the period, resident in the area on their birth day."
* group[0].population[1].description = "Như nhóm ban đầu. / Same as the initial population."
* group[0].population[2].description = "Trẻ trong mẫu số có liều viêm gan B sơ sinh trong ngày sinh hoặc ngày kế tiếp. / Children of the denominator with the birth dose on the day of birth or the next day."
* insert AreaStratifiers

RuleSet: SecondBirthdayCohort
* group[0].population[0].description = "Trẻ có sinh nhật 2 tuổi trong kỳ, còn sống và cư trú tại địa bàn vào ngày đó. / Children whose second birthday falls in the period, alive and resident in the area on it."
* group[0].population[1].description = "Như nhóm ban đầu. / Same as the initial population."

Instance: antigen-mr-2y
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm sởi - rubella trước 2 tuổi / Measles-rubella coverage by the second birthday"
* name = "AntigenMr2y"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 2 tuổi trong kỳ đã được tiêm MR trước ngày sinh nhật 2 tuổi. / Children turning 2 in the period with an MR dose before their second birthday."
* insert Proportion(cohort birthday=2, doses-before birthday=2 mr=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert SecondBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có liều MR trước sinh nhật 2 tuổi. / Children of the denominator with an MR dose before their second birthday."
* insert AreaStratifiers

Instance: antigen-dpt4-2y
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ tiêm nhắc DPT trước 2 tuổi / DTP booster coverage by the second birthday"
* name = "AntigenDpt42y"
* insert PlanIndicator(2026.1)
* description = "Trẻ có sinh nhật 2 tuổi trong kỳ đã được tiêm nhắc DPT trước ngày sinh nhật 2 tuổi. / Children turning 2 in the period with the DTP booster before their second birthday."
* insert Proportion(cohort birthday=2, doses-before birthday=2 dpt-booster=1, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert SecondBirthdayCohort
* group[0].population[2].description = "Trẻ trong mẫu số có liều nhắc DPT trước sinh nhật 2 tuổi. / Children of the denominator with the DTP booster before their second birthday."
* insert AreaStratifiers

// ---- Whole population, reference date = the last day of the period ---------------------------------

RuleSet: AliveAtPeriodEnd
* group[0].population[0].description = "Người dân còn sống vào ngày cuối kỳ (31/12 với kỳ là một năm), cư trú tại địa bàn vào ngày đó. / Residents alive on the last day of the period (31 December for a year), resident in the area on that day."
* group[0].population[1].description = "Như nhóm ban đầu. / Same as the initial population."

Instance: checkup-annual
InstanceOf: Measure
Usage: #definition
Title: "Người dân được khám sức khỏe định kỳ hoặc sàng lọc trong năm / Residents with a check-up or free screening in the year"
* name = "CheckupAnnual"
* insert PlanIndicator(2026.1)
* description = "Tỷ lệ người dân có ít nhất một lượt khám sức khỏe định kỳ hoặc sàng lọc đã hoàn thành (khám định kỳ miễn phí, sàng lọc miễn phí, khám học sinh, khám người lao động) bắt đầu trong kỳ. / Share of residents with at least one finished periodic check-up or screening (annual free check-up, free screening, school, occupational) starting in the period."
* insert Proportion(alive-at-period-end, checkup-in-period types=annual-free|free-screening|school|occupational, 100)
* extension[VnPlanTarget].valueQuantity.comparator = #>=
* insert AliveAtPeriodEnd
* group[0].population[2].description = "Người trong mẫu số có lượt khám (Encounter loại khám định kỳ, sàng lọc, học sinh, người lao động, trạng thái finished) bắt đầu trong kỳ. / Residents of the denominator with a finished check-up Encounter of those types starting in the period."
* insert AreaStratifiers
* insert AgeBandStratifier
* insert TargetGroupStratifier

Instance: bhyt-active
InstanceOf: Measure
Usage: #definition
Title: "Tỷ lệ người dân tham gia BHYT / Health-insurance (BHYT) coverage"
* name = "BhytActive"
* insert PlanIndicator(2026.1)
* description = "Tỷ lệ người dân có thẻ BHYT còn hiệu lực (Coverage trạng thái active, thời hạn chứa ngày cuối kỳ; không ghi ngày hết hạn = còn hiệu lực) vào ngày cuối kỳ. Chỉ tiêu 2026: > 95 %. / Share of residents with a BHYT card in force (Coverage active, period containing the last day of the period; no end date = open) on the last day of the period. 2026 target: > 95 %."
* insert Proportion(alive-at-period-end, insurance-active-at-period-end, 95)
* extension[VnPlanTarget].valueQuantity.comparator = #>
* insert AliveAtPeriodEnd
* group[0].population[2].description = "Người trong mẫu số có thẻ BHYT còn hiệu lực vào ngày cuối kỳ. / Residents of the denominator with a BHYT card in force on the last day of the period."
* insert AreaStratifiers
* insert AgeBandStratifier

Instance: ehb-created
InstanceOf: Measure
Usage: #definition
Title: "Người dân có sổ sức khỏe điện tử / Residents with an electronic health book"
* name = "EhbCreated"
* insert PlanIndicator(2026.1)
* description = "Tỷ lệ người dân có hồ sơ với ít nhất một lượt khám (Encounter bất kỳ, trừ entered-in-error và cancelled) bắt đầu trước hoặc trong ngày cuối kỳ. Chỉ tiêu: 100 % vào năm 2030. / Share of residents whose record holds at least one encounter (any Encounter except entered-in-error and cancelled) starting on or before the last day of the period. Target: 100 % by 2030."
* insert Proportion(alive-at-period-end, encounter-by-period-end, 100)
* extension[VnPlanTarget].valueQuantity.comparator = #>=
* insert AliveAtPeriodEnd
* group[0].population[2].description = "Người trong mẫu số có ít nhất một lượt khám đến ngày cuối kỳ. / Residents of the denominator with at least one encounter by the last day of the period."
* insert AreaStratifiers
* insert AgeBandStratifier

// ---- Continuous variable ------------------------------------------------------------------------

Instance: height-1-18
InstanceOf: Measure
Usage: #definition
Title: "Chiều cao trung bình trẻ 1-18 tuổi / Mean height of children aged 1-18"
* name = "Height1to18"
* insert PlanIndicator(2026.1)
* description = "Chiều cao trung bình (cm) theo giới và từng tuổi tròn của trẻ 1-18 tuổi được đo tại lượt khám trong kỳ (Observation 8302-2, final/amended/corrected; mỗi lần đo là một quan sát). Mục tiêu: tăng 1,5 cm vào năm 2030 so với năm gốc, đọc theo phân tầng giới × tuổi. / Mean height (cm) by sex and completed year of age of children aged 1-18 measured in the period (Observation 8302-2, final/amended/corrected; each measurement is one observation). Goal: +1.5 cm by 2030 against the baseline year, read by the sex × age stratifier."
* scoring = $MeasureScoring#continuous-variable
* group[0].population[0].code = $MeasurePopulation#initial-population
* group[0].population[0].description = "Các lần đo chiều cao trong kỳ của trẻ 1-18 tuổi (tuổi tròn vào ngày đo), cư trú tại địa bàn vào ngày đo. / Height measurements in the period of children aged 1-18 (completed years on the day), resident in the area on that day."
* group[0].population[0].criteria.language = #text/x-sskdt-facts
* group[0].population[0].criteria.expression = "height-measurements min-age=1 max-age=18"
* group[0].population[1].code = $MeasurePopulation#measure-population
* group[0].population[1].description = "Như nhóm ban đầu. / Same as the initial population."
* group[0].population[1].criteria.language = #text/x-sskdt-facts
* group[0].population[1].criteria.expression = "height-measurements min-age=1 max-age=18"
* group[0].population[2].code = $MeasurePopulation#measure-observation
* group[0].population[2].description = "Chiều cao đo được, cm; điểm = trung bình. / Measured height in cm; the score is the mean."
* group[0].population[2].criteria.language = #text/x-sskdt-facts
* group[0].population[2].criteria.expression = "mean-height-cm"
* insert AreaStratifiers
// Sex × completed years of age. A stratifier of components has no code of its own (mea-1): reports call it sex-age.
* group[0].stratifier[+].component[0].code.text = "sex"
* group[0].stratifier[=].component[0].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].component[0].criteria.expression = "sex"
* group[0].stratifier[=].component[1].code.text = "age"
* group[0].stratifier[=].component[1].criteria.language = #text/x-sskdt-facts
* group[0].stratifier[=].component[1].criteria.expression = "age"

// Official population per administrative unit and year (the statistics office's figure), loaded as
// data so that a registered denominator can be shown beside it: the gap is a finding of its own.
CodeSystem: VnPopulationCharacteristic
Id: vn-population-characteristic
Title: "Đặc điểm của nhóm dân số / Population characteristics"
Description: "Đặc điểm xác định một nhóm dân số chính thức. / What defines an official population group."
* ^caseSensitive = true
* ^content = #complete
* ^status = #draft
* #admin-unit "Đơn vị hành chính (tỉnh hoặc xã) / Administrative unit (province or commune)"

Profile: VnOfficialPopulation
Parent: Group
Id: vn-official-population
Title: "Dân số chính thức của đơn vị hành chính / Official population of an administrative unit"
Description: "Dân số chính thức (số liệu thống kê) của một tỉnh hoặc một xã trong một năm, dùng làm mẫu số tham chiếu bên cạnh số dân đăng ký trong sổ sức khỏe điện tử. Định danh: <mã đơn vị>-<năm>. / The official population (statistics office figure) of a province or commune in one year, shown as a reference denominator beside the residents registered in the health books. Identifier: <unit code>-<year>."
* identifier 1..1
* identifier.system 1..1
* identifier.system = "https://sskdt.vn/fhir/sid/official-population" (exactly)
* identifier.value 1..1
* type = #person (exactly)
* actual = false (exactly)
* quantity 1..1
* characteristic 1..1
* characteristic.code = VnPopulationCharacteristic#admin-unit (exactly)
* characteristic.value[x] only CodeableConcept
* characteristic.valueCodeableConcept from VnAdminUnits (required)
* characteristic.valueCodeableConcept.coding 1..1
* characteristic.valueCodeableConcept.coding.system 1..1
* characteristic.valueCodeableConcept.coding.code 1..1
* characteristic.exclude = false (exactly)
* characteristic.period 1..1
* characteristic.period.start 1..1
* characteristic.period.end 1..1
Extension: VnOfficialPopulationExt
Id: vn-official-population-figure
Title: "Dân số chính thức / Official population"
Description: "Dân số chính thức của đơn vị trong năm của báo cáo (Group vn-official-population), bên cạnh mẫu số là số dân đăng ký. / The unit's official population in the report's year (Group vn-official-population), beside the registered denominator."
Context: MeasureReport.group, MeasureReport.group.stratifier.stratum
* value[x] only integer
* valueInteger 1..1

Extension: VnOfficialScore
Id: vn-official-score
Title: "Tỷ lệ theo dân số chính thức / Score against the official population"
Description: "Tử số chia cho dân số chính thức (phân số, 4 chữ số thập phân), khi có số liệu chính thức. / The numerator divided by the official population (a fraction, 4 decimals), when an official figure exists."
Context: MeasureReport.group, MeasureReport.group.stratifier.stratum
* value[x] only Quantity
* valueQuantity 1..1
* valueQuantity.value 1..1

ValueSet: VnAdminUnits
Id: vn-admin-units
Title: "Tỉnh và xã / Provinces and communes"
Description: "Mọi tỉnh và xã của danh mục đơn vị hành chính 2025. / Every province and commune of the 2025 list of administrative units."
* ^status = #draft
* include codes from valueset VnProvinces
* include codes from valueset VnCommunes
