/// The primary's side of admitting the standby: its rule in the pg_hba.conf
/// the server really reads (hba_file may move it), with the method that
/// suits how the server stores passwords.
extension PlanBuilder {
    mutating func ensureRules(_ templates: [HbaRuleTemplate]) throws {
        let chain = try? loadChain()
        let path = chain?.value(of: "hba_file").map { ConfPath.resolve($0, relativeTo: cluster.postgresqlConf) }
            ?? cluster.defaultHbaFile
        let bytes: [UInt8]?
        do { bytes = try source.read(path) } catch {
            throw EditPlanError.unreadable(path: path, reason: failureReason(error))
        }
        guard let bytes else { throw EditPlanError.missingFile(path: path, what: "pg_hba.conf of the \(step.host.rawValue)'s cluster") }
        let original = FileText(bytes: bytes)
        var text = original.text
        let method = passwordMethod(chain)
        for template in templates {
            let methodText = template.method == "$HBA_AUTH_METHOD" ? method : substitute(template.method)
            let rule: HbaRule
            do {
                rule = try HbaEditor.rule(type: substitute(template.type), database: substitute(template.database),
                                          user: substitute(template.user), address: substitute(template.address),
                                          method: methodText)
            } catch let error as HbaEditError {
                throw EditPlanError.badTemplate(error.description)
            }
            let result: (text: String, edit: HbaEdit)
            do {
                result = try HbaEditor.ensure(rule, in: text, path: path, dateStamp: dateStamp)
            } catch HbaEditError.invalidFile(let path, let problems) {
                throw EditPlanError.invalidFile(path: path, problems: problems)
            }
            text = result.text
            if template.user == "$REP_USER", let role = values["REP_USER"],
               let conflict = StoredPassword.conflict(role: role, kind: options.storedPassword, method: methodText) {
                plan.notes.append(conflict)
            }
            plan.hbaEdits.append(result.edit)
            plan.details.append(result.edit.description)
            if result.edit.changesFile { plan.summary.rulesAdded += 1 } else { plan.summary.rulesKept += 1 }
        }
        guard text != original.text else { return }
        plan.changes.append(FileChange(path: path, role: .pgHba, original: bytes, encoding: original.encoding, proposed: text))
        plan.needsReload.append("pg_hba.conf")
    }

    /// The method that suits how the server stores passwords: its
    /// password_encryption when the files set it, else the version's
    /// default. A scram-sha-256 rule refuses an md5-stored password.
    mutating func passwordMethod(_ chain: ConfChain?) -> String {
        let fallback = cluster.facts.hbaAuthMethod
        guard let chain, let entry = chain.effective("password_encryption") else { return fallback }
        let value = entry.assignment.value.lowercased()
        let method = value == "scram-sha-256" ? "scram-sha-256" : "md5"
        if method != fallback {
            plan.notes.append("\(entry.path):\(entry.assignment.lineNumber) sets password_encryption = \(entry.assignment.value), so the rule uses \(method) instead of this version's default \(fallback).")
        }
        return method
    }
}
