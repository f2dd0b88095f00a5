-- The amounts of the socioeconomic model per förbund (004: 10 000 + 500 + 5 700 kr per
-- person and month); without a row, the model's defaults apply.
CREATE TABLE effect_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
    support_ore INTEGER NOT NULL CHECK (support_ore >= 0),
    administration_ore INTEGER NOT NULL CHECK (administration_ore >= 0),
    tax_ore INTEGER NOT NULL CHECK (tax_ore >= 0)
);
