"""The rule machinery: headers mapped to roles (`columns`), rule packs read and validated with
their line numbers (`rulepack`), the rules run over each chunk (`run_rules`), and what they decide
(`decisions`) and find (`findings`). Checks never see severities, actions or messages: the engine
stamps them from the rule."""
