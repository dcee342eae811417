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

// AuditEvent search parameters this server does not index. Every opening of a health book stores an
// AuditEvent, so the audit trail is the most written resource type of the store; HAPI evaluates and
// indexes every active search parameter of a resource on each write, and these nine are never asked for
// here (the citizen's trail searches by patient and date; an auditor by patient, date, agent, agent-role,
// entity, type, subtype, action and outcome, which stay). A stored SearchParameter of the same base and
// code with status retired takes the built-in one out of HAPI's registry (docs/security.md, Audit trail).
RuleSet: RetiredAuditEventSearch(code, type)
* url = "https://sskdt.vn/fhir/SearchParameter/auditevent-{code}-not-indexed"
* name = "AuditEvent_{code}_not_indexed"
* status = #retired
* description = "Không lập chỉ mục: không ai tìm nhật ký truy cập theo tham số này / Not indexed: the access log is never searched by this parameter"
* code = #{code}
* base = #AuditEvent
* type = #{type}

Instance: auditevent-address-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(address, string)
* expression = "AuditEvent.agent.network.address"

Instance: auditevent-agent-name-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(agent-name, string)
* expression = "AuditEvent.agent.name"

Instance: auditevent-altid-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(altid, token)
* expression = "AuditEvent.agent.altId"

Instance: auditevent-entity-name-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(entity-name, string)
* expression = "AuditEvent.entity.name"

Instance: auditevent-entity-role-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(entity-role, token)
* expression = "AuditEvent.entity.role"

Instance: auditevent-entity-type-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(entity-type, token)
* expression = "AuditEvent.entity.type"

Instance: auditevent-policy-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(policy, uri)
* expression = "AuditEvent.agent.policy"

Instance: auditevent-site-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(site, token)
* expression = "AuditEvent.source.site"

Instance: auditevent-source-not-indexed
InstanceOf: SearchParameter
Usage: #definition
* insert RetiredAuditEventSearch(source, reference)
* expression = "AuditEvent.source.observer"
