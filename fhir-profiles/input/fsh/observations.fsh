// Observation profiles of the check-up. Vital signs derive from the FHIR R4 vital-signs profiles
// (fixed LOINC code, category vital-signs, UCUM units) and add plausible ranges.

RuleSet: VnObsCommon
* status MS
* subject 1..1 MS
* subject only Reference(VnPatient)
* encounter MS
* encounter only Reference(VnCheckupEncounter)
* effective[x] 1..1 MS
* performer MS

RuleSet: QuantityIn(unit, display)
* valueQuantity 1..1 MS
* valueQuantity.value 1..1
* valueQuantity.unit = "{display}"
* valueQuantity.system 1..1
* valueQuantity.system = $UCUM (exactly)
* valueQuantity.code 1..1
* valueQuantity.code = #{unit} (exactly)

Profile: VnBodyHeight
Parent: http://hl7.org/fhir/StructureDefinition/bodyheight
Id: vn-body-height
Title: "Chiều cao / Body height"
Description: "Chiều cao (LOINC 8302-2) tính bằng cm, 20–250 cm. / Body height (LOINC 8302-2) in cm, 20–250 cm."
* insert VnObsCommon
* insert QuantityIn(cm, cm)
* obeys vn-obs-height

Invariant: vn-obs-height
Description: "Chiều cao phải từ 20 đến 250 cm / Body height must be between 20 and 250 cm"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 20 and (value as Quantity).value <= 250)"

Profile: VnBodyWeight
Parent: http://hl7.org/fhir/StructureDefinition/bodyweight
Id: vn-body-weight
Title: "Cân nặng / Body weight"
Description: "Cân nặng (LOINC 29463-7) tính bằng kg, 0,3–400 kg. / Body weight (LOINC 29463-7) in kg, 0.3–400 kg."
* insert VnObsCommon
* insert QuantityIn(kg, kg)
* obeys vn-obs-weight

Invariant: vn-obs-weight
Description: "Cân nặng phải từ 0,3 đến 400 kg / Body weight must be between 0.3 and 400 kg"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 0.3 and (value as Quantity).value <= 400)"

Profile: VnBMI
Parent: http://hl7.org/fhir/StructureDefinition/bmi
Id: vn-bmi
Title: "Chỉ số khối cơ thể / Body mass index"
Description: "BMI (LOINC 39156-5) tính bằng kg/m2, 5–100. / BMI (LOINC 39156-5) in kg/m2, 5–100."
* insert VnObsCommon
* insert QuantityIn(kg/m2, kg/m2)
* obeys vn-obs-bmi

Invariant: vn-obs-bmi
Description: "BMI phải từ 5 đến 100 kg/m2 / BMI must be between 5 and 100 kg/m2"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 5 and (value as Quantity).value <= 100)"

Profile: VnBloodPressure
Parent: http://hl7.org/fhir/StructureDefinition/bp
Id: vn-blood-pressure
Title: "Huyết áp / Blood pressure"
Description: "Bộ huyết áp (LOINC 85354-9): tâm thu 8480-6 (50–300 mm[Hg]) và tâm trương 8462-4 (20–200 mm[Hg]), tâm thu lớn hơn tâm trương. / Blood pressure panel (LOINC 85354-9): systolic 8480-6 (50–300 mm[Hg]) and diastolic 8462-4 (20–200 mm[Hg]), systolic above diastolic."
* insert VnObsCommon
* component[SystolicBP].valueQuantity 1..1
* component[SystolicBP].valueQuantity.value 1..1
* component[SystolicBP].valueQuantity.system = $UCUM (exactly)
* component[SystolicBP].valueQuantity.code = #mm[Hg] (exactly)
* component[SystolicBP] obeys vn-bp-1
* component[DiastolicBP].valueQuantity 1..1
* component[DiastolicBP].valueQuantity.value 1..1
* component[DiastolicBP].valueQuantity.system = $UCUM (exactly)
* component[DiastolicBP].valueQuantity.code = #mm[Hg] (exactly)
* component[DiastolicBP] obeys vn-bp-2
* obeys vn-bp-3

Invariant: vn-bp-1
Description: "Huyết áp tâm thu phải từ 50 đến 300 mmHg / Systolic blood pressure must be between 50 and 300 mmHg"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 50 and (value as Quantity).value <= 300)"

Invariant: vn-bp-2
Description: "Huyết áp tâm trương phải từ 20 đến 200 mmHg / Diastolic blood pressure must be between 20 and 200 mmHg"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 20 and (value as Quantity).value <= 200)"

Invariant: vn-bp-3
Description: "Huyết áp tâm thu phải lớn hơn tâm trương / Systolic pressure must be greater than diastolic"
Severity: #error
Expression: "(component.where(code.coding.where(system = 'http://loinc.org' and code = '8480-6').exists()).value.exists() and component.where(code.coding.where(system = 'http://loinc.org' and code = '8462-4').exists()).value.exists()) implies (component.where(code.coding.where(system = 'http://loinc.org' and code = '8480-6').exists()).value as Quantity).value > (component.where(code.coding.where(system = 'http://loinc.org' and code = '8462-4').exists()).value as Quantity).value"

Profile: VnHeartRate
Parent: http://hl7.org/fhir/StructureDefinition/heartrate
Id: vn-heart-rate
Title: "Nhịp tim / Heart rate"
Description: "Nhịp tim (LOINC 8867-4) tính bằng lần/phút, 20–300. / Heart rate (LOINC 8867-4) in beats per minute, 20–300."
* insert VnObsCommon
* insert QuantityIn(/min, /min)
* obeys vn-obs-hr

Invariant: vn-obs-hr
Description: "Nhịp tim phải từ 20 đến 300 lần/phút / Heart rate must be between 20 and 300 per minute"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 20 and (value as Quantity).value <= 300)"

Profile: VnBodyTemperature
Parent: http://hl7.org/fhir/StructureDefinition/bodytemp
Id: vn-body-temperature
Title: "Nhiệt độ cơ thể / Body temperature"
Description: "Nhiệt độ cơ thể (LOINC 8310-5) tính bằng độ C, 30–45. / Body temperature (LOINC 8310-5) in degrees Celsius, 30–45."
* insert VnObsCommon
* insert QuantityIn(Cel, Cel)
* obeys vn-obs-temp

Invariant: vn-obs-temp
Description: "Nhiệt độ cơ thể phải từ 30 đến 45 °C / Body temperature must be between 30 and 45 °C"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value >= 30 and (value as Quantity).value <= 45)"

ValueSet: VnFastingGlucoseCodes
Id: vn-fasting-glucose-codes
Title: "Mã LOINC glucose lúc đói / Fasting glucose LOINC codes"
Description: "1558-6 (khối lượng/thể tích, mg/dL) và 14771-0 (mol/thể tích, mmol/L). / 1558-6 (mass/volume, mg/dL) and 14771-0 (moles/volume, mmol/L)."
* ^status = #draft
* $LNC#1558-6 "Fasting glucose [Mass/volume] in Serum or Plasma"
* $LNC#14771-0 "Fasting glucose [Moles/volume] in Serum or Plasma"

Profile: VnFastingGlucose
Parent: Observation
Id: vn-fasting-glucose
Title: "Glucose máu lúc đói / Fasting blood glucose"
Description: "Glucose huyết tương lúc đói (LOINC 1558-6, hoặc 14771-0 cho mmol/L), đơn vị mmol/L (1–55) hoặc mg/dL (18–1000). Cảnh báo khi đơn vị không khớp thuộc tính LOINC (1558-6 là khối lượng/thể tích). / Fasting plasma glucose (LOINC 1558-6, or 14771-0 for mmol/L) in mmol/L (1–55) or mg/dL (18–1000). Warns when the unit does not match the LOINC property (1558-6 is mass/volume)."
* insert VnObsCommon
* category 1..* MS
* category = $ObsCat#laboratory
* code MS
* code from VnFastingGlucoseCodes (preferred)
* code obeys vn-glu-0
* value[x] only Quantity
* valueQuantity MS
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $UCUM (exactly)
* valueQuantity.code 1..1
* obeys vn-glu-1 and vn-glu-2

Invariant: vn-glu-0
Description: "Mã xét nghiệm phải là LOINC 1558-6 hoặc 14771-0 / Code must be LOINC 1558-6 or 14771-0"
Severity: #error
Expression: "coding.where(system = 'http://loinc.org' and (code = '1558-6' or code = '14771-0')).exists()"

Invariant: vn-glu-1
Description: "Glucose lúc đói phải tính bằng mmol/L (1–55) hoặc mg/dL (18–1000) / Fasting glucose must be in mmol/L (1–55) or mg/dL (18–1000)"
Severity: #error
Expression: "value.exists() implies (((value as Quantity).code = 'mmol/L' and (value as Quantity).value >= 1 and (value as Quantity).value <= 55) or ((value as Quantity).code = 'mg/dL' and (value as Quantity).value >= 18 and (value as Quantity).value <= 1000))"

Invariant: vn-glu-2
Description: "Mã LOINC nên khớp đơn vị: 1558-6 với mg/dL, 14771-0 với mmol/L / LOINC code should match the unit: 1558-6 with mg/dL, 14771-0 with mmol/L"
Severity: #warning
Expression: "value.exists() implies ((value as Quantity).code = 'mg/dL' implies code.coding.where(system = 'http://loinc.org' and code = '1558-6').exists()) and ((value as Quantity).code = 'mmol/L' implies code.coding.where(system = 'http://loinc.org' and code = '14771-0').exists())"

Profile: VnHealthClassificationObs
Parent: Observation
Id: vn-health-classification-obs
Title: "Phân loại sức khỏe / Health classification"
Description: "Kết luận phân loại sức khỏe Loại I–V của lượt khám (QĐ 1613/BYT-QĐ). / The check-up's concluding health class I–V (Decision 1613/BYT-QD)."
* insert VnObsCommon
* category 1..* MS
* category = $ObsCat#exam
* code = VnObservationCode#health-classification
* value[x] 1..1 MS
* value[x] only CodeableConcept
* valueCodeableConcept from VnHealthClassifications (required)

ValueSet: VnGrowthZScoreCodes
Id: vn-growth-z-score-codes
Title: "Chỉ số tăng trưởng theo WHO / WHO growth indicators"
Description: "Điểm z chiều cao, cân nặng, BMI theo tuổi. / Height-, weight- and BMI-for-age z-scores."
* ^status = #draft
* VnObservationCode#height-for-age-z
* VnObservationCode#weight-for-age-z
* VnObservationCode#bmi-for-age-z

// Written by the server (vn.sskdt.citizen.GrowthZScores), never by stations: one per measurement and
// indicator, derived from the height, weight or BMI Observation in the same database transaction.
Profile: VnGrowthZScore
Parent: Observation
Id: vn-growth-z-score
Title: "Điểm z tăng trưởng (WHO) / Growth z-score (WHO)"
Description: "Điểm z của một số đo chiều cao, cân nặng hoặc BMI của trẻ em, vị thành niên (0–19 tuổi) theo chuẩn WHO, do máy chủ tính từ số đo (derivedFrom) và giới, ngày sinh của người dân. / z-score of a child's or adolescent's (0–19 years) height, weight or BMI against the WHO standards, computed by the server from the measurement (derivedFrom) and the resident's sex and birth date."
* insert VnObsCommon
* category 1..* MS
* category = $ObsCat#exam
* code MS
* code from VnGrowthZScoreCodes (required)
* code.coding 1..1
* value[x] 1..1 MS
* value[x] only Quantity
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $UCUM (exactly)
* valueQuantity.code 1..1
* valueQuantity.code = #{Z-score} (exactly)
* derivedFrom 1..1 MS
* derivedFrom only Reference(VnBodyHeight or VnBodyWeight or VnBMI)
* obeys vn-z-1

Invariant: vn-z-1
Description: "Điểm z phải từ -15 đến 15 / A z-score must be between -15 and 15"
Severity: #error
Expression: "value.exists() implies ((value as Quantity).value <= 15 and (value as Quantity).value >= (0 - 15))"
