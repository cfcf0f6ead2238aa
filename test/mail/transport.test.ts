import { requiresTls } from '../../src/mail/transport';

describe('the SMTP connection', () => {
  it.each([
    ['smtp://user:pass@mail.example.go.id:587', true],
    ['smtp://mail.example.go.id:25', true],
    ['smtp://user:pass@mail.example.go.id:587?requireTLS=false', false],
    ['smtps://user:pass@mail.example.go.id:465', false],
    ['smtp://127.0.0.1:2525', false],
    ['smtp://localhost:25', false],
  ])('requiresTls(%s) is %s: personal links and the password never cross a network in clear text', (url, required) => {
    expect(requiresTls(url)).toBe(required);
  });
});
