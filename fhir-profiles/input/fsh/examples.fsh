// Example instances (fictitious people, real 2025 codes of Thành phố Huế, province 46).

Instance: vn-patient-example
InstanceOf: VnPatient
Usage: #example
Title: "Nguyễn Thị Hoa, Phường Thuận Hóa, Huế"
Description: "Người lớn có CCCD, CMND cũ (đã hết hạn), thẻ BHYT 15 ký tự, địa chỉ mã hóa. / Adult with personal ID, expired old ID card, legacy BHYT card and coded address."
* identifier[cccd].system = $CCCD
* identifier[cccd].value = "046185001234"
* identifier[cmnd].system = $CMND
* identifier[cmnd].value = "191234567"
* identifier[cmnd].period.end = "2021-06-30"
* identifier[bhyt].system = $BHYT
* identifier[bhyt].value = "GD4464612345678"
* identifier[bhyt].period.start = "2026-01-01"
* identifier[bhyt].period.end = "2026-12-31"
* name.text = "Nguyễn Thị Hoa"
* name.family = "Nguyễn"
* name.given[0] = "Thị"
* name.given[1] = "Hoa"
* gender = #female
* birthDate = "1985-03-12"
* telecom.system = #phone
* telecom.value = "0905123456"
* address.use = #home
* address.text = "12 Lê Lợi, Phường Thuận Hóa, Thành phố Huế"
* address.line = "12 Lê Lợi"
* address.city = "Phường Thuận Hóa"
* address.state = "Thành phố Huế"
* address.country = "VN"
* address.extension[province].valueCoding = VnProvince#46 "Thành phố Huế"
* address.extension[commune].valueCoding = VnCommune#19789 "Phường Thuận Hóa"
* extension[ethnicity].valueCoding = VnEthnicity#01 "Kinh"

Instance: vn-patient-child-example
InstanceOf: VnPatient
Usage: #example
Title: "Trần Minh Khang (trẻ sơ sinh), Phường Vỹ Dạ, Huế"
Description: "Trẻ em có số định danh từ khi đăng ký khai sinh, mẹ là người giám hộ. / Child with a personal ID from birth registration; the mother is the guardian."
* identifier[cccd].system = $CCCD
* identifier[cccd].value = "046225012345"
* name.text = "Trần Minh Khang"
* name.family = "Trần"
* name.given[0] = "Minh"
* name.given[1] = "Khang"
* gender = #male
* birthDate = "2025-01-15"
* address.text = "45 Nguyễn Sinh Cung, Phường Vỹ Dạ, Thành phố Huế"
* address.extension[province].valueCoding = VnProvince#46 "Thành phố Huế"
* address.extension[commune].valueCoding = VnCommune#19777 "Phường Vỹ Dạ"
* extension[ethnicity].valueCoding = VnEthnicity#01 "Kinh"
* contact.relationship = http://terminology.hl7.org/CodeSystem/v2-0131#N "Next-of-Kin"
* contact.relationship.text = "Mẹ, người giám hộ / Mother, guardian"
* contact.name.text = "Lê Thị Mai"
* contact.telecom.system = #phone
* contact.telecom.value = "0914765432"
* contact.gender = #female

Instance: vn-org-so-y-te-hue
InstanceOf: VnOrganization
Usage: #example
Title: "Sở Y tế thành phố Huế"
* active = true
* type = VnFacilityType#so-y-te
* name = "Sở Y tế thành phố Huế"
* address.text = "28 Lê Lợi, Phường Thuận Hóa, Thành phố Huế"
* address.extension[province].valueCoding = VnProvince#46 "Thành phố Huế"
* address.extension[commune].valueCoding = VnCommune#19789 "Phường Thuận Hóa"

Instance: vn-org-tram-y-te-thuan-hoa
InstanceOf: VnOrganization
Usage: #example
Title: "Trạm Y tế Phường Thuận Hóa"
Description: "Trạm y tế phường với mã cơ sở KCB và xã phục vụ. / Ward health station with its facility code and served commune."
* identifier[maCskcb].system = $MACSKCB
* identifier[maCskcb].value = "46123"
* active = true
* type = VnFacilityType#tram-y-te
* name = "Trạm Y tế Phường Thuận Hóa"
* telecom.system = #phone
* telecom.value = "02343822111"
* address.text = "Phường Thuận Hóa, Thành phố Huế"
* address.extension[province].valueCoding = VnProvince#46 "Thành phố Huế"
* address.extension[commune].valueCoding = VnCommune#19789 "Phường Thuận Hóa"
* extension[servedCommune].valueCoding = VnCommune#19789 "Phường Thuận Hóa"
* partOf = Reference(vn-org-so-y-te-hue)

Instance: vn-official-population-thuan-hoa-2025
InstanceOf: VnOfficialPopulation
Usage: #example
Title: "Dân số chính thức Phường Thuận Hóa 2025 (số minh họa) / Official population of Thuận Hóa ward 2025 (illustrative figure)"
* identifier.value = "19789-2025"
* quantity = 52000
* characteristic.valueCodeableConcept = VnCommune#19789 "Phường Thuận Hóa"
* characteristic.period.start = "2025-01-01"
* characteristic.period.end = "2025-12-31"
* managingEntity = Reference(vn-org-so-y-te-hue)

Instance: vn-org-bhxh-hue
InstanceOf: VnOrganization
Usage: #example
Title: "Bảo hiểm xã hội thành phố Huế"
* active = true
* type = VnFacilityType#bhxh
* name = "Bảo hiểm xã hội thành phố Huế"

Instance: vn-checkup-encounter-example
InstanceOf: VnCheckupEncounter
Usage: #example
Title: "Khám sức khỏe định kỳ miễn phí 2026 / Annual free check-up 2026"
* extension[targetGroup].valueCodeableConcept = VnTargetGroup#near-poor "Hộ cận nghèo / Near-poor household"
* status = #finished
* class = $ActCode#AMB "ambulatory"
* type = VnCheckupType#annual-free "Khám sức khỏe định kỳ miễn phí hằng năm / Annual free check-up"
* subject = Reference(vn-patient-example)
* period.start = "2026-03-10T08:00:00+07:00"
* period.end = "2026-03-10T08:45:00+07:00"
* serviceProvider = Reference(vn-org-tram-y-te-thuan-hoa)

RuleSet: ExampleObs
* status = #final
* subject = Reference(vn-patient-example)
* encounter = Reference(vn-checkup-encounter-example)
* effectiveDateTime = "2026-03-10T08:10:00+07:00"
* performer = Reference(vn-org-tram-y-te-thuan-hoa)

Instance: vn-body-height-example
InstanceOf: VnBodyHeight
Usage: #example
Title: "Chiều cao 158 cm / Height 158 cm"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#8302-2 "Body height"
* valueQuantity = 158 'cm' "cm"

Instance: vn-body-weight-example
InstanceOf: VnBodyWeight
Usage: #example
Title: "Cân nặng 52 kg / Weight 52 kg"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#29463-7 "Body weight"
* valueQuantity = 52 'kg' "kg"

Instance: vn-bmi-example
InstanceOf: VnBMI
Usage: #example
Title: "BMI 20,8 / BMI 20.8"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#39156-5 "Body mass index (BMI) [Ratio]"
* valueQuantity = 20.8 'kg/m2' "kg/m2"
* derivedFrom[0] = Reference(vn-body-height-example)
* derivedFrom[1] = Reference(vn-body-weight-example)

Instance: vn-blood-pressure-example
InstanceOf: VnBloodPressure
Usage: #example
Title: "Huyết áp 118/76 mmHg / Blood pressure 118/76 mmHg"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].code = $LNC#8480-6 "Systolic blood pressure"
* component[SystolicBP].valueQuantity = 118 'mm[Hg]' "mmHg"
* component[DiastolicBP].code = $LNC#8462-4 "Diastolic blood pressure"
* component[DiastolicBP].valueQuantity = 76 'mm[Hg]' "mmHg"

Instance: vn-heart-rate-example
InstanceOf: VnHeartRate
Usage: #example
Title: "Nhịp tim 72 lần/phút / Heart rate 72/min"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#8867-4 "Heart rate"
* valueQuantity = 72 '/min' "/min"

Instance: vn-body-temperature-example
InstanceOf: VnBodyTemperature
Usage: #example
Title: "Nhiệt độ 36,8 °C / Temperature 36.8 °C"
* insert ExampleObs
* category[VSCat] = $ObsCat#vital-signs
* code = $LNC#8310-5 "Body temperature"
* valueQuantity = 36.8 'Cel' "Cel"

Instance: vn-fasting-glucose-example
InstanceOf: VnFastingGlucose
Usage: #example
Title: "Glucose lúc đói 5,2 mmol/L / Fasting glucose 5.2 mmol/L"
* insert ExampleObs
* category = $ObsCat#laboratory
* code = $LNC#14771-0 "Fasting glucose [Moles/volume] in Serum or Plasma"
* valueQuantity = 5.2 'mmol/L' "mmol/L"

Instance: vn-health-classification-example
InstanceOf: VnHealthClassificationObs
Usage: #example
Title: "Phân loại sức khỏe Loại II / Health class II"
* insert ExampleObs
* category = $ObsCat#exam
* code = VnObservationCode#health-classification
* valueCodeableConcept = VnHealthClassification#II "Loại II - Khỏe / Class II - Healthy"

Instance: vn-immunization-hepb-birth-example
InstanceOf: VnImmunization
Usage: #example
Title: "Viêm gan B sơ sinh / Hepatitis B birth dose"
* status = #completed
* vaccineCode.coding[vn] = VnVaccine#hepb-birth "Viêm gan B sơ sinh / Hepatitis B birth dose"
* vaccineCode.coding[cvx] = $CVX#08 "Hep B, adolescent or pediatric"
* vaccineCode.coding[atc] = $ATC#J07BC01 "hepatitis B, purified antigen"
* patient = Reference(vn-patient-child-example)
* occurrenceDateTime = "2025-01-15T10:30:00+07:00"
* primarySource = true
* lotNumber = "HB2409A"
* performer.actor = Reference(vn-org-tram-y-te-thuan-hoa)
* protocolApplied.series = "TCMR"
* protocolApplied.doseNumberPositiveInt = 1

Instance: vn-immunization-penta-example
InstanceOf: VnImmunization
Usage: #example
Title: "DPT-VGB-Hib mũi 1 / Pentavalent dose 1"
* status = #completed
* vaccineCode.coding[vn] = VnVaccine#penta "DPT-VGB-Hib (5 trong 1) / DTwP-HepB-Hib (pentavalent)"
* vaccineCode.coding[cvx] = $CVX#102
* vaccineCode.text = "ComBE Five"
* patient = Reference(vn-patient-child-example)
* occurrenceDateTime = "2025-03-17"
* primarySource = true
* lotNumber = "PV2410B"
* expirationDate = "2026-10-31"
* performer.actor = Reference(vn-org-tram-y-te-thuan-hoa)
* protocolApplied.series = "TCMR"
* protocolApplied.doseNumberPositiveInt = 1

Instance: vn-coverage-example
InstanceOf: VnCoverage
Usage: #example
Title: "Thẻ BHYT hộ gia đình 2026 / Household BHYT card 2026"
* identifier[bhyt].system = $BHYT
* identifier[bhyt].value = "GD4464612345678"
* extension[benefitLevel].valuePositiveInt = 4
* extension[registeredFacility].valueReference = Reference(vn-org-tram-y-te-thuan-hoa)
* status = #active
* type = $ActCode#PUBLICPOL "public healthcare"
* beneficiary = Reference(vn-patient-example)
* period.start = "2026-01-01"
* period.end = "2026-12-31"
* payor = Reference(vn-org-bhxh-hue)
