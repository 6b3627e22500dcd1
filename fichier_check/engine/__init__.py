"""The rule machinery: rule packs found, extended and overridden (`rulepack`), each YAML entry
validated into a `Rule` with its file and line (`rule_validation`, `rule`, `yaml_lines`), the
rules in force run over each chunk (`run_rules`), and what they decide (`decisions`) and find
(`findings`). Checks never see severities, actions or messages: the engine stamps them from the
rule."""
