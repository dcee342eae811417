// Local code systems and value sets of SSKĐT (hand-written).
// Administrative units (VnProvince, VnCommune) are generated from the official CSV, see scripts/admin-units.py.

RuleSet: LocalCodeSystem
* ^status = #draft
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete

// ---------------------------------------------------------------- vaccines
CodeSystem: VnVaccine
Id: vn-vaccine
Title: "Vắc xin Tiêm chủng mở rộng / National immunization programme vaccines"
Description: "Các vắc xin trong lịch Tiêm chủng mở rộng (TT 38/2017/TT-BYT, kế hoạch 2026–2028). / Vaccines of Vietnam's Expanded Programme on Immunization (Circular 38/2017/TT-BYT, 2026–2028 plan)."
* insert LocalCodeSystem
* #hepb-birth "Viêm gan B sơ sinh / Hepatitis B birth dose" "Liều viêm gan B trong 24 giờ sau sinh. / Hepatitis B dose within 24 hours of birth."
* #bcg "Lao (BCG) / BCG" "1 liều trong tháng đầu. / One dose in the first month."
* #penta "DPT-VGB-Hib (5 trong 1) / DTwP-HepB-Hib (pentavalent)" "3 liều lúc 2, 3, 4 tháng tuổi. / Three doses at 2, 3 and 4 months."
* #opv "Bại liệt uống (OPV) / Oral poliovirus vaccine" "3 liều lúc 2, 3, 4 tháng tuổi. / Three doses at 2, 3 and 4 months."
* #ipv "Bại liệt tiêm (IPV) / Inactivated poliovirus vaccine" "Lúc 5 tháng (liều 2 lúc 9 tháng theo lịch mới). / At 5 months (second dose at 9 months in newer schedules)."
* #measles "Sởi / Measles" "1 liều lúc 9 tháng. / One dose at 9 months."
* #mr "Sởi - Rubella (MR) / Measles-rubella" "1 liều lúc 18 tháng. / One dose at 18 months."
* #dpt-booster "DPT nhắc lại / DTP booster" "1 liều lúc 18 tháng. / One dose at 18 months."
* #je "Viêm não Nhật Bản / Japanese encephalitis" "3 liều từ 12 tháng tuổi. / Three doses from 12 months."
* #tt "Uốn ván (TT/Td) / Tetanus toxoid (TT/Td)" "Phụ nữ tuổi sinh đẻ, phụ nữ có thai. / Women of childbearing age and pregnant women."
* #rota "Rota virus / Rotavirus" "2 liều từ 2 tháng, xong trước 6 tháng. / Two doses from 2 months, completed before 6 months."
* #pcv "Phế cầu (PCV) / Pneumococcal conjugate" "Bổ sung theo kế hoạch 2026–2028. / Added in stages by the 2026–2028 plan."
* #hpv "HPV / Human papillomavirus" "Bổ sung theo kế hoạch 2026–2028. / Added in stages by the 2026–2028 plan."

ValueSet: VnVaccines
Id: vn-vaccines
Title: "Vắc xin TCMR / National immunization programme vaccines"
Description: "Mọi mã trong VnVaccine. / All codes of VnVaccine."
* ^status = #draft
* include codes from system VnVaccine

Instance: vn-vaccine-to-cvx
InstanceOf: ConceptMap
Usage: #definition
Title: "Vắc xin TCMR → CVX / National vaccines to CVX"
* name = "VnVaccineToCvx"
* status = #draft
* description = "Ánh xạ mã vắc xin TCMR sang CVX (CDC). / Maps national vaccine codes to CDC CVX."
* sourceCanonical = Canonical(VnVaccines)
* targetUri = "http://hl7.org/fhir/sid/cvx"
* group[0].source = Canonical(VnVaccine)
* group[0].target = "http://hl7.org/fhir/sid/cvx"
* insert MapCode(0, hepb-birth, 08, #equivalent)
* insert MapCode(1, bcg, 19, #equivalent)
* insert MapCode(2, penta, 102, #equivalent)
* insert MapCode(3, opv, 178, #equivalent)
* insert MapCode(4, ipv, 10, #equivalent)
* insert MapCode(5, measles, 05, #equivalent)
* insert MapCode(6, mr, 04, #equivalent)
* insert MapCode(7, dpt-booster, 01, #wider)
* insert MapCode(8, je, 39, #equivalent)
* insert MapCode(9, tt, 35, #wider)
* group[0].element[9].target[1].code = #09
* group[0].element[9].target[1].equivalence = #wider
* group[0].element[9].target[1].comment = "Td người lớn / adult Td"
* insert MapCode(10, rota, 119, #wider)

Instance: vn-vaccine-to-atc
InstanceOf: ConceptMap
Usage: #definition
Title: "Vắc xin TCMR → ATC / National vaccines to WHO ATC"
* name = "VnVaccineToAtc"
* status = #draft
* description = "Ánh xạ mã vắc xin TCMR sang ATC của WHO. / Maps national vaccine codes to WHO ATC."
* sourceCanonical = Canonical(VnVaccines)
* targetUri = "http://www.whocc.no/atc"
* group[0].source = Canonical(VnVaccine)
* group[0].target = "http://www.whocc.no/atc"
* insert MapCode(0, hepb-birth, J07BC01, #equivalent)
* insert MapCode(1, bcg, J07AN01, #equivalent)
* insert MapCode(2, penta, J07CA11, #equivalent)
* insert MapCode(3, opv, J07BF04, #equivalent)
* insert MapCode(4, ipv, J07BF03, #equivalent)
* insert MapCode(5, measles, J07BD01, #equivalent)
* insert MapCode(6, mr, J07BD53, #equivalent)
* insert MapCode(7, dpt-booster, J07AJ51, #wider)
* insert MapCode(8, je, J07BA02, #wider)
* insert MapCode(9, tt, J07AM01, #equivalent)
* insert MapCode(10, rota, J07BH01, #wider)

RuleSet: MapCode(i, source, target, equivalence)
* group[0].element[{i}].code = #{source}
* group[0].element[{i}].target[0].code = #{target}
* group[0].element[{i}].target[0].equivalence = {equivalence}

// ---------------------------------------------------------------- check-ups
CodeSystem: VnCheckupType
Id: vn-checkup-type
Title: "Loại khám sức khỏe / Check-up types"
Description: "Loại lượt khám ghi vào sổ sức khỏe điện tử. / Kinds of encounters recorded in the electronic health book."
* insert LocalCodeSystem
* #annual-free "Khám sức khỏe định kỳ miễn phí hằng năm / Annual free check-up" "Khám định kỳ miễn phí ít nhất 1 lần/năm (nhóm ưu tiên từ 2026, toàn dân từ 2028). / Free periodic check-up at least yearly (priority groups from 2026, everyone from 2028)."
* #free-screening "Khám sàng lọc miễn phí / Free screening" "Sàng lọc miễn phí (tăng huyết áp, đái tháo đường, ung thư…). / Free screening (hypertension, diabetes, cancers…)."
* #school "Khám sức khỏe học sinh / School health check-up" "Khám sức khỏe học sinh theo năm học. / Pupils' check-up each school year."
* #occupational "Khám sức khỏe định kỳ người lao động / Occupational check-up" "Khám sức khỏe định kỳ cho người lao động. / Periodic check-up of workers."
* #pre-marriage "Khám sức khỏe tiền hôn nhân / Pre-marriage check-up" "Khám sức khỏe trước khi kết hôn. / Check-up before marriage."
* #bhyt-visit "Khám chữa bệnh BHYT / Health-insurance (BHYT) visit" "Lượt khám chữa bệnh có thanh toán BHYT. / Visit paid by social health insurance."

ValueSet: VnCheckupTypes
Id: vn-checkup-types
Title: "Loại khám sức khỏe / Check-up types"
Description: "Mọi mã trong VnCheckupType. / All codes of VnCheckupType."
* ^status = #draft
* include codes from system VnCheckupType

CodeSystem: VnTargetGroup
Id: vn-target-group
Title: "Nhóm đối tượng ưu tiên khám miễn phí / Free check-up priority groups"
Description: "Nhóm ưu tiên khám sức khỏe miễn phí từ 2026 (toàn dân từ 2028). / Priority groups of the free check-up from 2026 (everyone from 2028)."
* insert LocalCodeSystem
* #elderly "Người cao tuổi / Elderly"
* #disability "Người khuyết tật / People with disabilities"
* #poor "Hộ nghèo / Poor household"
* #near-poor "Hộ cận nghèo / Near-poor household"
* #meritorious "Người có công với cách mạng / People with meritorious service"
* #chronic-disease "Người mắc bệnh mạn tính / Chronic disease"
* #ethnic-minority-mountain "Đồng bào dân tộc thiểu số vùng miền núi / Ethnic minorities in mountain areas"
* #disadvantaged-commune "Người dân xã đặc biệt khó khăn / Residents of disadvantaged communes"
* #island-commune "Người dân xã đảo, đặc khu / Residents of island communes"
* #general "Người dân khác (toàn dân từ 2028) / General population (from 2028)"

ValueSet: VnTargetGroups
Id: vn-target-groups
Title: "Nhóm đối tượng / Target groups"
Description: "Mọi mã trong VnTargetGroup. / All codes of VnTargetGroup."
* ^status = #draft
* include codes from system VnTargetGroup

CodeSystem: VnHealthClassification
Id: vn-health-classification
Title: "Phân loại sức khỏe / Health classification"
Description: "Phân loại sức khỏe Loại I–V theo QĐ 1613/BYT-QĐ (1997). / Health classes I–V of Decision 1613/BYT-QD (1997)."
* insert LocalCodeSystem
* #I "Loại I - Rất khỏe / Class I - Very healthy"
* #II "Loại II - Khỏe / Class II - Healthy"
* #III "Loại III - Trung bình / Class III - Average"
* #IV "Loại IV - Yếu / Class IV - Weak"
* #V "Loại V - Rất yếu / Class V - Very weak"

ValueSet: VnHealthClassifications
Id: vn-health-classifications
Title: "Phân loại sức khỏe / Health classification"
Description: "Mọi mã trong VnHealthClassification. / All codes of VnHealthClassification."
* ^status = #draft
* include codes from system VnHealthClassification

CodeSystem: VnObservationCode
Id: vn-observation-code
Title: "Mã quan sát nội bộ / Local observation codes"
Description: "Mã cho các quan sát không có mã LOINC phù hợp. / Codes for observations without a suitable LOINC code."
* insert LocalCodeSystem
* #health-classification "Phân loại sức khỏe / Health classification" "Kết luận phân loại sức khỏe Loại I–V. / Concluding health class I–V."
* #height-for-age-z "Chiều cao theo tuổi, điểm z (WHO) / Height-for-age z-score (WHO)" "Điểm z chiều cao (chiều dài nằm dưới 2 tuổi) theo tuổi và giới so với Chuẩn tăng trưởng trẻ em WHO 2006 (0–5 tuổi) hoặc Quần thể tham chiếu WHO 2007 (5–19 tuổi). / Length/height-for-age z-score against the WHO Child Growth Standards 2006 (0–5 years) or the WHO Growth Reference 2007 (5–19 years)."
* #weight-for-age-z "Cân nặng theo tuổi, điểm z (WHO) / Weight-for-age z-score (WHO)" "Điểm z cân nặng theo tuổi và giới (WHO 2006 đến 5 tuổi, WHO 2007 đến 10 tuổi), giới hạn đuôi ngoài ±3 theo WHO. / Weight-for-age z-score (WHO 2006 to 5 years, WHO 2007 to 10 years), with WHO's tail restriction beyond ±3."
* #bmi-for-age-z "BMI theo tuổi, điểm z (WHO) / BMI-for-age z-score (WHO)" "Điểm z BMI theo tuổi và giới (WHO 2006 đến 5 tuổi, WHO 2007 đến 19 tuổi), giới hạn đuôi ngoài ±3 theo WHO. / BMI-for-age z-score (WHO 2006 to 5 years, WHO 2007 to 19 years), with WHO's tail restriction beyond ±3."

CodeSystem: VnFacilityType
Id: vn-facility-type
Title: "Loại cơ sở y tế / Health facility types"
Description: "Loại cơ sở y tế dùng trong SSKĐT. / Kinds of health facilities used by SSKĐT."
* insert LocalCodeSystem
* #tram-y-te "Trạm y tế xã, phường, đặc khu / Commune health station"
* #ttyt "Trung tâm y tế khu vực / Regional health centre"
* #benh-vien "Bệnh viện / Hospital"
* #phong-kham "Phòng khám / Clinic"
* #cdc "Trung tâm Kiểm soát bệnh tật / Centre for Disease Control"
* #so-y-te "Sở Y tế / Provincial health department"
* #bhxh "Bảo hiểm xã hội / Social security agency"

ValueSet: VnFacilityTypes
Id: vn-facility-types
Title: "Loại cơ sở y tế / Health facility types"
Description: "Mọi mã trong VnFacilityType. / All codes of VnFacilityType."
* ^status = #draft
* include codes from system VnFacilityType

// ---------------------------------------------------------------- ethnicity
CodeSystem: VnEthnicity
Id: vn-ethnicity
Title: "Dân tộc / Ethnic groups"
Description: "Danh mục 54 dân tộc Việt Nam của Tổng cục Thống kê (mã 01–54), 55 người nước ngoài, 99 không xác định. / The GSO list of Vietnam's 54 ethnic groups (01–54), 55 foreigner, 99 unknown."
* insert LocalCodeSystem
* #01 "Kinh"
* #02 "Tày"
* #03 "Thái"
* #04 "Hoa"
* #05 "Khơ-me"
* #06 "Mường"
* #07 "Nùng"
* #08 "Hmông"
* #09 "Dao"
* #10 "Gia-rai"
* #11 "Ngái"
* #12 "Ê-đê"
* #13 "Ba-na"
* #14 "Xơ-đăng"
* #15 "Sán Chay"
* #16 "Cơ-ho"
* #17 "Chăm"
* #18 "Sán Dìu"
* #19 "Hrê"
* #20 "Mnông"
* #21 "Ra-glai"
* #22 "Xtiêng"
* #23 "Bru-Vân Kiều"
* #24 "Thổ"
* #25 "Giáy"
* #26 "Cơ-tu"
* #27 "Gié-Triêng"
* #28 "Mạ"
* #29 "Khơ-mú"
* #30 "Co"
* #31 "Tà-ôi"
* #32 "Chơ-ro"
* #33 "Kháng"
* #34 "Xinh-mun"
* #35 "Hà Nhì"
* #36 "Chu-ru"
* #37 "Lào"
* #38 "La Chí"
* #39 "La Ha"
* #40 "Phù Lá"
* #41 "La Hủ"
* #42 "Lự"
* #43 "Lô Lô"
* #44 "Chứt"
* #45 "Mảng"
* #46 "Pà Thẻn"
* #47 "Cơ Lao"
* #48 "Cống"
* #49 "Bố Y"
* #50 "Si La"
* #51 "Pu Péo"
* #52 "Brâu"
* #53 "Ơ Đu"
* #54 "Rơ-măm"
* #55 "Người nước ngoài / Foreigner"
* #99 "Không xác định / Unknown"

ValueSet: VnEthnicities
Id: vn-ethnicities
Title: "Dân tộc / Ethnic groups"
Description: "Mọi mã trong VnEthnicity. / All codes of VnEthnicity."
* ^status = #draft
* include codes from system VnEthnicity
