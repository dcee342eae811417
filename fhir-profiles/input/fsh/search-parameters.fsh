// Search parameters the server installs into its store at start-up (see SearchParameterInstaller).

Instance: patient-cccd
InstanceOf: SearchParameter
Usage: #definition
Title: "Số định danh cá nhân / Personal ID"
* url = "https://sskdt.vn/fhir/SearchParameter/patient-cccd"
* name = "cccd"
* status = #active
* description = "Tìm người dân theo số định danh cá nhân (CCCD) / Find a resident by personal ID"
* code = #cccd
* base = #Patient
* type = #token
* expression = "Patient.identifier.where(system = 'http://fhir.hl7.org.vn/core/sid/cccd')"

// HAPI's unique combo index: the database refuses a second Patient with the same personal ID, even when
// two stations register the same person at the same moment (a conditional create alone cannot).
Instance: patient-cccd-unique
InstanceOf: SearchParameter
Usage: #definition
Title: "Số định danh cá nhân là duy nhất / Personal ID is unique"
* extension[0].url = "http://hapifhir.io/fhir/StructureDefinition/sp-unique"
* extension[0].valueBoolean = true
* url = "https://sskdt.vn/fhir/SearchParameter/patient-cccd-unique"
* name = "cccdUnique"
* status = #active
* description = "Mỗi số định danh cá nhân chỉ thuộc một hồ sơ / Each personal ID belongs to one record"
* code = #cccd-unique
* base = #Patient
* type = #composite
* expression = "Patient"
* component[0].definition = "SearchParameter/patient-cccd"
* component[0].expression = "Patient"

Instance: patient-commune
InstanceOf: SearchParameter
Usage: #definition
Title: "Xã nơi cư trú / Commune of residence"
* url = "https://sskdt.vn/fhir/SearchParameter/patient-commune"
* name = "commune"
* status = #active
* description = "Tìm người dân theo mã xã 2025 của địa chỉ / Find residents by the 2025 commune code of their address"
* code = #commune
* base = #Patient
* type = #token
* expression = "Patient.address.extension('https://sskdt.vn/fhir/StructureDefinition/vn-commune').value"
